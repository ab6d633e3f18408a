package org.vigie.drift.domain;

/**
 * Area under the ROC curve with its Hanley–McNeil standard error.
 *
 * @param exact true when computed from every score (no sketch compaction)
 */
public record AucEstimate(double auc, double standardError, long positives, long negatives, boolean exact) {

    public double lowerBound(double confidence) {
        return Math.max(0.0, auc - BinomialInterval.standardNormalQuantile(confidence) * standardError);
    }

    public double upperBound(double confidence) {
        return Math.min(1.0, auc + BinomialInterval.standardNormalQuantile(confidence) * standardError);
    }
}
