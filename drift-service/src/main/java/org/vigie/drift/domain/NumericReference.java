package org.vigie.drift.domain;

/**
 * The reference distribution a numeric feature is compared against: a quantile table declared
 * at registration (CDF linear between quantiles), or the step CDF of a baseline window, or of a
 * raw reference sample. It carries the reference sample size, which sets the p-value of the
 * two-sample tests, and the reference standard deviation, which scales the Wasserstein distance.
 */
public final class NumericReference {

    private final StepCdf cdf;
    private final long sampleSize;
    private final double mean;
    private final double standardDeviation;
    private final double rankErrorBound;

    private NumericReference(StepCdf cdf, long sampleSize, double mean, double standardDeviation) {
        this(cdf, sampleSize, mean, standardDeviation, 0.0);
    }

    private NumericReference(StepCdf cdf, long sampleSize, double mean, double standardDeviation, double rankErrorBound) {
        if (sampleSize <= 0) {
            throw new IllegalArgumentException("reference sample size must be > 0");
        }
        this.cdf = cdf;
        this.sampleSize = sampleSize;
        this.mean = mean;
        this.standardDeviation = standardDeviation;
        this.rankErrorBound = rankErrorBound;
    }

    /**
     * A declared quantile table: probabilities from 0 (the minimum) to 1 (the maximum), e.g.
     * the 101 percentiles of the validation set, with the size of that set.
     */
    public static NumericReference fromQuantiles(double[] probabilities, double[] values, long sampleSize,
                                                 double mean, double standardDeviation) {
        return new NumericReference(StepCdf.linear(probabilities, values), sampleSize, mean, standardDeviation);
    }

    /** A baseline learned from a window of the device itself (first period or first N events). */
    public static NumericReference fromBaseline(NumericFeatureSummary baseline) {
        return new NumericReference(baseline.cdf(), baseline.count(), baseline.mean(), baseline.standardDeviation(),
                baseline.rankErrorBound());
    }

    /** The exact empirical distribution of a raw reference sample. */
    public static NumericReference fromSample(double[] sample) {
        double sum = 0;
        for (double v : sample) {
            sum += v;
        }
        double mean = sum / sample.length;
        double ss = 0;
        for (double v : sample) {
            ss += (v - mean) * (v - mean);
        }
        return new NumericReference(StepCdf.empirical(sample), sample.length, mean, Math.sqrt(ss / (sample.length - 1)));
    }

    StepCdf cdf() {
        return cdf;
    }

    public double cumulativeProbability(double x) {
        return cdf.at(x);
    }

    public double quantile(double p) {
        return cdf.quantile(p);
    }

    /** Rank error of the reference CDF itself: the sketch bound for a baseline, zero otherwise. */
    public double rankErrorBound() {
        return rankErrorBound;
    }

    public long sampleSize() {
        return sampleSize;
    }

    public double mean() {
        return mean;
    }

    public double standardDeviation() {
        return standardDeviation;
    }
}
