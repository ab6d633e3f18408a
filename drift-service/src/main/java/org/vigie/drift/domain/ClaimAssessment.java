package org.vigie.drift.domain;

/**
 * The evidence of one performance-vs-claim check. {@code lowerBound} and {@code upperBound} are
 * each one-sided at {@code confidence} (together a two-sided interval at 2·confidence − 1); the
 * decision uses the upper bound for higher-is-better metrics and the lower bound otherwise.
 */
public record ClaimAssessment(PerformanceMetric metric, ClaimStatus status, double estimate, double lowerBound,
                              double upperBound, double claimedValue, double confidence, long sampleSize,
                              long minimumSampleSize, String method) {

    /** How far the point estimate is on the wrong side of the claim (≤ 0 when it meets it). */
    public double shortfall() {
        return metric.higherIsBetter() ? claimedValue - estimate : estimate - claimedValue;
    }
}
