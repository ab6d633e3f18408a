package org.vigie.drift.domain;

import java.util.Arrays;

/**
 * AUC as the Mann–Whitney probability P(score⁺ > score⁻) + ½ P(tie), computed from the two
 * per-class score sketches: each retained positive item, with its weight, is compared with the
 * negatives' CDF. Exact while both sketches are exact; otherwise within the sketches' rank error
 * (≈ 1 %). The standard error is Hanley & McNeil (1982) from the true class sizes.
 */
public final class AreaUnderCurve {

    private AreaUnderCurve() {
    }

    public static AucEstimate of(LabelledScoreSummary scores) {
        long nPos = scores.positives();
        long nNeg = scores.negatives();
        if (nPos == 0 || nNeg == 0) {
            return new AucEstimate(Double.NaN, Double.NaN, nPos, nNeg, scores.isExact());
        }
        StepCdf negatives = StepCdf.ofSortedView(scores.negativeScores().getSortedView());
        var positives = scores.positiveScores().getSortedView();
        double[] items = positives.getQuantiles();
        long[] cumulative = positives.getCumulativeWeights();
        double sum = 0;
        long previous = 0;
        for (int i = 0; i < items.length; i++) {
            long weight = cumulative[i] - previous;
            previous = cumulative[i];
            double below = negatives.before(items[i]);
            double tied = negatives.at(items[i]) - below;
            sum += weight * (below + 0.5 * tied);
        }
        double auc = sum / nPos;
        return new AucEstimate(auc, hanleyMcNeilStandardError(auc, nPos, nNeg), nPos, nNeg, scores.isExact());
    }

    /** Exact AUC from raw scores by ranks (ties get half credit); for small windows and for tests. */
    public static double exact(double[] positiveScores, double[] negativeScores) {
        double[] neg = negativeScores.clone();
        Arrays.sort(neg);
        double sum = 0;
        for (double s : positiveScores) {
            int below = lowerBound(neg, s);
            int atOrBelow = upperBound(neg, s);
            sum += below + 0.5 * (atOrBelow - below);
        }
        return sum / ((double) positiveScores.length * negativeScores.length);
    }

    public static double hanleyMcNeilStandardError(double auc, long positives, long negatives) {
        double q1 = auc / (2 - auc);
        double q2 = 2 * auc * auc / (1 + auc);
        double a2 = auc * auc;
        double variance = (auc * (1 - auc) + (positives - 1) * (q1 - a2) + (negatives - 1) * (q2 - a2))
                / ((double) positives * negatives);
        return Math.sqrt(Math.max(0.0, variance));
    }

    private static int lowerBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
