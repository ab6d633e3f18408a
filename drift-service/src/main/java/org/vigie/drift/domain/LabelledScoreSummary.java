package org.vigie.drift.domain;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Mergeable summary of the model's scores on labelled cases: one KLL sketch of scores per true
 * class (for AUC by Mann–Whitney), exact running sums of the Brier loss and its square (for the
 * Brier score and its standard error), and exact counts, positives and score sums in 100 fine
 * score bins of width 0.01 (for the expected calibration error). Calibration is kept exact on
 * purpose: from sketches, the rank error (≈ 1 % of each class) would bias a 10-bin ECE by ~0.01,
 * the same order as the claims it is checked against.
 *
 * <p>Scores are expected to be calibrated probabilities in [0, 1] for the Brier score and ECE;
 * AUC only needs their order. While each class has fewer than k cases its sketch is exact, so
 * small windows get exact ranks.
 */
public final class LabelledScoreSummary {

    private static final byte FORMAT = 1;
    static final int FINE_BINS = 100;
    private static final int HEADER_BYTES = 1 + 8 + 8 + FINE_BINS * 24 + 4;

    private final KllDoublesSketch positives;
    private final KllDoublesSketch negatives;
    private double brierSum;
    private double brierSquareSum;
    private final long[] binCount = new long[FINE_BINS];
    private final long[] binPositives = new long[FINE_BINS];
    private final double[] binScoreSum = new double[FINE_BINS];

    public LabelledScoreSummary() {
        this(NumericFeatureSummary.DEFAULT_K);
    }

    public LabelledScoreSummary(int k) {
        this(KllDoublesSketch.newHeapInstance(k), KllDoublesSketch.newHeapInstance(k), 0, 0);
    }

    private LabelledScoreSummary(KllDoublesSketch positives, KllDoublesSketch negatives, double brierSum, double brierSquareSum) {
        this.positives = positives;
        this.negatives = negatives;
        this.brierSum = brierSum;
        this.brierSquareSum = brierSquareSum;
    }

    public void update(double score, boolean actuallyPositive) {
        if (!Double.isFinite(score)) {
            return;
        }
        double residual = actuallyPositive ? 1.0 - score : score;
        double loss = residual * residual;
        brierSum += loss;
        brierSquareSum += loss * loss;
        int bin = fineBin(score);
        binCount[bin]++;
        binScoreSum[bin] += score;
        if (actuallyPositive) {
            binPositives[bin]++;
            positives.update(score);
        } else {
            negatives.update(score);
        }
    }

    public void merge(LabelledScoreSummary other) {
        positives.merge(other.positives);
        negatives.merge(other.negatives);
        brierSum += other.brierSum;
        brierSquareSum += other.brierSquareSum;
        for (int b = 0; b < FINE_BINS; b++) {
            binCount[b] += other.binCount[b];
            binPositives[b] += other.binPositives[b];
            binScoreSum[b] += other.binScoreSum[b];
        }
    }

    /** Scores outside [0, 1] fall in the edge bins (they still count in the ECE). */
    static int fineBin(double score) {
        int bin = (int) (score * FINE_BINS);
        return bin < 0 ? 0 : Math.min(bin, FINE_BINS - 1);
    }

    long[] fineBinCounts() {
        return binCount;
    }

    long[] fineBinPositives() {
        return binPositives;
    }

    double[] fineBinScoreSums() {
        return binScoreSum;
    }

    public long positives() {
        return positives.getN();
    }

    public long negatives() {
        return negatives.getN();
    }

    public long count() {
        return positives() + negatives();
    }

    /** True when both class sketches still hold every score, so the AUC is exact. */
    public boolean isExact() {
        return !positives.isEstimationMode() && !negatives.isEstimationMode();
    }

    double brierSum() {
        return brierSum;
    }

    double brierSquareSum() {
        return brierSquareSum;
    }

    KllDoublesSketch positiveScores() {
        return positives;
    }

    KllDoublesSketch negativeScores() {
        return negatives;
    }

    public byte[] toBytes() {
        byte[] p = positives.toByteArray();
        byte[] n = negatives.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + p.length + n.length)
                .put(FORMAT).putDouble(brierSum).putDouble(brierSquareSum);
        for (int i = 0; i < FINE_BINS; i++) {
            b.putLong(binCount[i]).putLong(binPositives[i]).putDouble(binScoreSum[i]);
        }
        return b.putInt(p.length).put(p).put(n).array();
    }

    public static LabelledScoreSummary fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte format = b.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown LabelledScoreSummary format " + format);
        }
        double brier = b.getDouble();
        double brierSq = b.getDouble();
        long[] count = new long[FINE_BINS];
        long[] positive = new long[FINE_BINS];
        double[] scoreSum = new double[FINE_BINS];
        for (int i = 0; i < FINE_BINS; i++) {
            count[i] = b.getLong();
            positive[i] = b.getLong();
            scoreSum[i] = b.getDouble();
        }
        int pLength = b.getInt();
        byte[] p = Arrays.copyOfRange(bytes, HEADER_BYTES, HEADER_BYTES + pLength);
        byte[] n = Arrays.copyOfRange(bytes, HEADER_BYTES + pLength, bytes.length);
        LabelledScoreSummary s = new LabelledScoreSummary(KllDoublesSketch.heapify(Memory.wrap(p)),
                KllDoublesSketch.heapify(Memory.wrap(n)), brier, brierSq);
        System.arraycopy(count, 0, s.binCount, 0, FINE_BINS);
        System.arraycopy(positive, 0, s.binPositives, 0, FINE_BINS);
        System.arraycopy(scoreSum, 0, s.binScoreSum, 0, FINE_BINS);
        return s;
    }
}
