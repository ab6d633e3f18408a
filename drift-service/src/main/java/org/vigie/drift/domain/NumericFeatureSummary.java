package org.vigie.drift.domain;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Mergeable summary of one numeric feature (or the prediction score) over a window: a KLL
 * quantile sketch for the distribution plus exact count, mean and sum of squared deviations
 * (Welford / Chan) for the moments. Non-finite values are counted as missing, not sketched.
 *
 * <p>With the default k = 200 the serialized state stays near 6 KB whatever the sample size,
 * and the sketch is exact while it has seen fewer than k values.
 */
public final class NumericFeatureSummary {

    public static final int DEFAULT_K = 200;
    private static final byte FORMAT = 1;
    private static final int HEADER_BYTES = 1 + 8 + 8 + 8 + 8;

    private final KllDoublesSketch sketch;
    private long count;
    private double mean;
    private double m2;
    private long missing;

    public NumericFeatureSummary() {
        this(DEFAULT_K);
    }

    public NumericFeatureSummary(int k) {
        this(KllDoublesSketch.newHeapInstance(k), 0, 0.0, 0.0, 0);
    }

    private NumericFeatureSummary(KllDoublesSketch sketch, long count, double mean, double m2, long missing) {
        this.sketch = sketch;
        this.count = count;
        this.mean = mean;
        this.m2 = m2;
        this.missing = missing;
    }

    public void update(double value) {
        if (!Double.isFinite(value)) {
            missing++;
            return;
        }
        sketch.update(value);
        count++;
        double delta = value - mean;
        mean += delta / count;
        m2 += delta * (value - mean);
    }

    /** Adds {@code other} into this summary (Chan et al. parallel moments; KLL merge). */
    public void merge(NumericFeatureSummary other) {
        if (other.count > 0) {
            long n = count + other.count;
            double delta = other.mean - mean;
            m2 = m2 + other.m2 + delta * delta * ((double) count * other.count / n);
            mean = mean + delta * ((double) other.count / n);
            count = n;
            sketch.merge(other.sketch);
        }
        missing += other.missing;
    }

    public long count() {
        return count;
    }

    public long missingCount() {
        return missing;
    }

    public double mean() {
        return count == 0 ? Double.NaN : mean;
    }

    /** Unbiased sample variance. */
    public double variance() {
        return count < 2 ? Double.NaN : m2 / (count - 1);
    }

    public double standardDeviation() {
        return Math.sqrt(variance());
    }

    public double quantile(double p) {
        return count == 0 ? Double.NaN : sketch.getQuantile(p);
    }

    /**
     * A-priori bound on the rank error of one sketch query (99 % confidence), zero while the
     * sketch is still exact. Tests that compare CDFs use it to stay honest about sketch error.
     */
    public double rankErrorBound() {
        return sketch.isEstimationMode() ? sketch.getNormalizedRankError(false) : 0.0;
    }

    StepCdf cdf() {
        return count == 0 ? StepCdf.ofSortedWeighted(new double[0], new long[0], 1) : StepCdf.ofSortedView(sketch.getSortedView());
    }

    KllDoublesSketch sketch() {
        return sketch;
    }

    public byte[] toBytes() {
        byte[] sketchBytes = sketch.toByteArray();
        return ByteBuffer.allocate(HEADER_BYTES + sketchBytes.length)
                .put(FORMAT).putLong(count).putDouble(mean).putDouble(m2).putLong(missing)
                .put(sketchBytes).array();
    }

    public static NumericFeatureSummary fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte format = buffer.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown NumericFeatureSummary format " + format);
        }
        long count = buffer.getLong();
        double mean = buffer.getDouble();
        double m2 = buffer.getDouble();
        long missing = buffer.getLong();
        byte[] sketchBytes = Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length);
        return new NumericFeatureSummary(KllDoublesSketch.heapify(Memory.wrap(sketchBytes)), count, mean, m2, missing);
    }
}
