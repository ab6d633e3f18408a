package org.vigie.drift.domain;

/**
 * How subgroup gaps are judged.
 *
 * @param measure          equal opportunity (TPR gap only) or equalized odds (TPR and FPR)
 * @param minimumPositives a group (and the rest) needs this many positives to be tested
 * @param minimumNegatives ... and this many negatives when FPR is part of the measure
 * @param minimumGap       smallest absolute rate gap worth a signal (practical significance)
 * @param alpha            family-wise error rate (Bonferroni, Holm) or FDR (Benjamini–Hochberg)
 * @param correction       correction across the groups of one attribute
 * @param confidence       confidence of the per-group Wilson intervals in the evidence
 */
public record SubgroupGapPolicy(GapMeasure measure, long minimumPositives, long minimumNegatives, double minimumGap,
                                double alpha, MultipleTestingCorrection correction, double confidence) {

    public enum GapMeasure { EQUAL_OPPORTUNITY, EQUALIZED_ODDS }

    public static SubgroupGapPolicy defaults() {
        return new SubgroupGapPolicy(GapMeasure.EQUAL_OPPORTUNITY, 100, 100, 0.05, 0.001, MultipleTestingCorrection.HOLM, 0.95);
    }
}
