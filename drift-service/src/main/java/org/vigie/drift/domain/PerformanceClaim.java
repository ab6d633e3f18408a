package org.vigie.drift.domain;

/**
 * A performance figure the manufacturer claimed (e.g. sensitivity ≥ 0.90), with how strictly
 * Vigie checks it.
 *
 * @param confidence        one-sided confidence of the bound compared with the claim (e.g. 0.95)
 * @param minimumSampleSize below this many relevant cases the answer is "insufficient data":
 *                          positives for sensitivity, negatives for specificity, predicted
 *                          positives for PPV, predicted negatives for NPV, the smaller class
 *                          for AUC, all labelled cases for ECE and Brier
 * @param interval          interval method for proportions (ignored for AUC, ECE, Brier)
 */
public record PerformanceClaim(PerformanceMetric metric, double claimedValue, double confidence,
                               long minimumSampleSize, BinomialInterval interval) {

    public PerformanceClaim {
        if (!(confidence > 0.5 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0.5, 1)");
        }
        if (minimumSampleSize < 1) {
            throw new IllegalArgumentException("minimum sample size must be >= 1");
        }
    }

    /** A claim checked with a one-sided Wilson bound at 95 %. */
    public static PerformanceClaim of(PerformanceMetric metric, double claimedValue, long minimumSampleSize) {
        return new PerformanceClaim(metric, claimedValue, 0.95, minimumSampleSize, BinomialInterval.WILSON);
    }
}
