package org.vigie.drift.domain;

/**
 * One subgroup compared with the rest of the population on the same window.
 *
 * @param equalOpportunityGap TPR(group) − TPR(rest)
 * @param equalizedOddsGap    max(|TPR gap|, |FPR gap|)
 * @param pValue              of the measure's test (for equalized odds: 2 × the smaller of the
 *                            two p-values, Bonferroni within the group), before correction
 * @param adjustedPValue      after correction across the attribute's groups
 */
public record SubgroupGapFinding(String subgroup, Status status, Rate groupTpr, Rate restTpr, Rate groupFpr, Rate restFpr,
                                 double equalOpportunityGap, double equalizedOddsGap, ProportionComparison tprTest,
                                 ProportionComparison fprTest, double pValue, double adjustedPValue) {

    public enum Status { GAP, NO_GAP, INSUFFICIENT_DATA }

    /** A rate with its numerator, denominator and two-sided Wilson interval. */
    public record Rate(long events, long trials, double value, Interval interval) {

        static Rate of(long events, long trials, double confidence) {
            return new Rate(events, trials, trials == 0 ? Double.NaN : (double) events / trials,
                    BinomialInterval.WILSON.interval(events, trials, confidence));
        }
    }
}
