package org.vigie.drift.domain;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Calibration of probability scores against outcomes.
 *
 * <p>Brier score: exact, from the running loss sums; standard error from the loss variance.
 *
 * <p>Expected calibration error with equal-mass bins: Σ_b (n_b / n)·|mean score_b − positive
 * rate_b|, bins holding equal numbers of cases by score. Computed from exact fine score bins
 * kept in {@link LabelledScoreSummary}. Its standard error is a delta-method approximation that
 * treats each bin's positive rate as binomial. ECE is biased
 * upwards on small bins (noise alone gives |rate − score| &gt; 0), so claim checks on ECE
 * need a minimum sample size large enough for ~100 cases per bin.
 */
public final class Calibration {

    public static final int DEFAULT_BINS = 10;

    private Calibration() {
    }

    public static StandardErrorEstimate brierScore(LabelledScoreSummary scores) {
        long n = scores.count();
        if (n == 0) {
            return new StandardErrorEstimate(Double.NaN, Double.NaN, 0);
        }
        double mean = scores.brierSum() / n;
        double variance = n < 2 ? Double.NaN : Math.max(0.0, (scores.brierSquareSum() - n * mean * mean) / (n - 1));
        return new StandardErrorEstimate(mean, Math.sqrt(variance / n), n);
    }

    public static StandardErrorEstimate expectedCalibrationError(LabelledScoreSummary scores) {
        return expectedCalibrationError(scores, DEFAULT_BINS);
    }

    /**
     * ECE of the window from its exact fine score bins (width 0.01), grouped into {@code bins}
     * bins of (nearly) equal mass: a group closes once it holds its share of the cases, so
     * groups are equal-mass to within one fine bin.
     */
    public static StandardErrorEstimate expectedCalibrationError(LabelledScoreSummary scores, int bins) {
        long[] count = scores.fineBinCounts();
        long[] positives = scores.fineBinPositives();
        double[] scoreSum = scores.fineBinScoreSums();
        long total = 0;
        for (long c : count) {
            total += c;
        }
        if (total == 0) {
            return new StandardErrorEstimate(Double.NaN, Double.NaN, 0);
        }
        double ece = 0;
        double variance = 0;
        long groupCount = 0;
        long groupPositives = 0;
        double groupScore = 0;
        long cumulative = 0;
        int group = 1;
        for (int b = 0; b < count.length; b++) {
            groupCount += count[b];
            groupPositives += positives[b];
            groupScore += scoreSum[b];
            cumulative += count[b];
            boolean last = b == count.length - 1;
            if (groupCount > 0 && (last || (double) cumulative >= (double) group * total / bins)) {
                double share = (double) groupCount / total;
                double rate = (double) groupPositives / groupCount;
                ece += share * Math.abs(groupScore / groupCount - rate);
                variance += share * share * rate * (1 - rate) / groupCount;
                groupCount = 0;
                groupPositives = 0;
                groupScore = 0;
                while (group < bins && cumulative >= (double) group * total / bins) {
                    group++;
                }
            }
        }
        return new StandardErrorEstimate(ece, Math.sqrt(variance), total);
    }

    /** Exact ECE of raw (score, label) pairs with the same equal-mass binning; for small windows and tests. */
    public static StandardErrorEstimate expectedCalibrationError(double[] scores, boolean[] labels, int bins) {
        double[] w = new double[scores.length];
        Arrays.fill(w, 1.0);
        return binned(scores.clone(), w, labels.clone(), bins);
    }

    private static StandardErrorEstimate binned(double[] score, double[] weight, boolean[] positive, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1");
        }
        int m = score.length;
        double total = 0;
        for (double w : weight) {
            total += w;
        }
        if (total == 0) {
            return new StandardErrorEstimate(Double.NaN, Double.NaN, 0);
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
        double[] binWeight = new double[bins];
        double[] binScore = new double[bins];
        double[] binPositive = new double[bins];
        double before = 0;
        for (int r = 0; r < m; r++) {
            int i = order[r];
            // An item goes to the bin that holds the middle of its mass.
            int b = (int) Math.min(bins - 1, Math.floor((before + weight[i] / 2) * bins / total));
            binWeight[b] += weight[i];
            binScore[b] += weight[i] * score[i];
            if (positive[i]) {
                binPositive[b] += weight[i];
            }
            before += weight[i];
        }
        double ece = 0;
        double variance = 0;
        for (int b = 0; b < bins; b++) {
            if (binWeight[b] == 0) {
                continue;
            }
            double share = binWeight[b] / total;
            double rate = binPositive[b] / binWeight[b];
            ece += share * Math.abs(binScore[b] / binWeight[b] - rate);
            variance += share * share * rate * (1 - rate) / binWeight[b];
        }
        return new StandardErrorEstimate(ece, Math.sqrt(variance), Math.round(total));
    }
}
