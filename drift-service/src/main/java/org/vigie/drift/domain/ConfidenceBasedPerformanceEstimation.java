package org.vigie.drift.domain;

import java.nio.ByteBuffer;

/**
 * Confidence-based performance estimation (CBPE): sensitivity and specificity estimated from
 * calibrated scores while labels are pending. A case with score s above the decision threshold
 * is a true positive with probability s and a false positive with probability 1 − s (and
 * symmetrically below), so the expected confusion counts are sums of scores. Given the scores,
 * TP, FN, TN, FP are Poisson-binomial; the interval combines their variances (Σ s(1 − s)) through
 * the delta method for the ratios, with a normal approximation.
 *
 * <p>The state is six sums and a count, mergeable and {@value #BYTES} bytes serialized.
 */
public final class ConfidenceBasedPerformanceEstimation {

    public static final String ASSUMPTIONS = "Estimate, not a measurement: confidence-based performance estimation "
            + "from unlabelled cases. Assumes (1) scores are calibrated probabilities of the positive class on the "
            + "current population (calibration checked on the last labelled window still holds), (2) no concept "
            + "shift: P(label | inputs) is unchanged since calibration, only the input mix may have moved, "
            + "(3) cases are independent. The interval reflects only the randomness of outcomes given the scores "
            + "(Poisson-binomial, normal approximation, delta method); it does not cover calibration error.";

    private static final byte FORMAT = 1;
    public static final int BYTES = 1 + 8 + 8 * 4 + 8 * 2;

    private final double threshold;
    private long predictedPositives;
    private long predictedNegatives;
    private double scoreSumAbove;
    private double varianceSumAbove;
    private double scoreSumBelow;
    private double varianceSumBelow;

    /** @param threshold decision threshold: score ≥ threshold is a positive decision */
    public ConfidenceBasedPerformanceEstimation(double threshold) {
        this.threshold = threshold;
    }

    public void update(double calibratedScore) {
        if (!(calibratedScore >= 0 && calibratedScore <= 1)) {
            return;
        }
        double v = calibratedScore * (1 - calibratedScore);
        if (calibratedScore >= threshold) {
            predictedPositives++;
            scoreSumAbove += calibratedScore;
            varianceSumAbove += v;
        } else {
            predictedNegatives++;
            scoreSumBelow += calibratedScore;
            varianceSumBelow += v;
        }
    }

    public void merge(ConfidenceBasedPerformanceEstimation other) {
        if (other.threshold != threshold) {
            throw new IllegalArgumentException("cannot merge estimates made at different thresholds");
        }
        predictedPositives += other.predictedPositives;
        predictedNegatives += other.predictedNegatives;
        scoreSumAbove += other.scoreSumAbove;
        varianceSumAbove += other.varianceSumAbove;
        scoreSumBelow += other.scoreSumBelow;
        varianceSumBelow += other.varianceSumBelow;
    }

    public long count() {
        return predictedPositives + predictedNegatives;
    }

    /** Estimated sensitivity and specificity with two-sided intervals at {@code confidence}. */
    public EstimatedPerformance estimate(double confidence) {
        double tp = scoreSumAbove;
        double fp = predictedPositives - scoreSumAbove;
        double fn = scoreSumBelow;
        double tn = predictedNegatives - scoreSumBelow;
        double z = BinomialInterval.standardNormalQuantile((1 + confidence) / 2);
        // TP and FP share the variance Σ s(1-s) over predicted positives (FP = count - TP); likewise FN and TN.
        Interval sensitivity = ratioInterval(tp, fn, varianceSumAbove, varianceSumBelow, z, confidence);
        Interval specificity = ratioInterval(tn, fp, varianceSumBelow, varianceSumAbove, z, confidence);
        return new EstimatedPerformance(tp, fp, tn, fn, ratio(tp, fn), sensitivity, ratio(tn, fp), specificity,
                count(), threshold, ASSUMPTIONS);
    }

    private static double ratio(double a, double b) {
        return a + b > 0 ? a / (a + b) : Double.NaN;
    }

    /** Interval of a/(a+b) for independent a, b with variances va, vb (delta method). */
    private static Interval ratioInterval(double a, double b, double va, double vb, double z, double confidence) {
        double s = a + b;
        if (!(s > 0)) {
            return new Interval(0.0, 1.0, confidence);
        }
        double r = a / s;
        double se = Math.sqrt((b * b * va + a * a * vb) / (s * s * s * s));
        return new Interval(Math.max(0.0, r - z * se), Math.min(1.0, r + z * se), confidence);
    }

    /**
     * Expected confusion counts and the estimated rates; always an estimate, with the
     * assumptions to quote in the signal's evidence.
     */
    public record EstimatedPerformance(double expectedTruePositives, double expectedFalsePositives,
                                       double expectedTrueNegatives, double expectedFalseNegatives,
                                       double sensitivity, Interval sensitivityInterval,
                                       double specificity, Interval specificityInterval,
                                       long cases, double threshold, String assumptions) {
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(BYTES).put(FORMAT).putDouble(threshold)
                .putDouble(scoreSumAbove).putDouble(varianceSumAbove).putDouble(scoreSumBelow).putDouble(varianceSumBelow)
                .putLong(predictedPositives).putLong(predictedNegatives).array();
    }

    public static ConfidenceBasedPerformanceEstimation fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte format = b.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown ConfidenceBasedPerformanceEstimation format " + format);
        }
        ConfidenceBasedPerformanceEstimation e = new ConfidenceBasedPerformanceEstimation(b.getDouble());
        e.scoreSumAbove = b.getDouble();
        e.varianceSumAbove = b.getDouble();
        e.scoreSumBelow = b.getDouble();
        e.varianceSumBelow = b.getDouble();
        e.predictedPositives = b.getLong();
        e.predictedNegatives = b.getLong();
        return e;
    }
}
