package org.vigie.drift.domain;

/** A point estimate with a normal-approximation standard error and the sample size behind it. */
public record StandardErrorEstimate(double value, double standardError, long sampleSize) {

    public double lowerBound(double confidence) {
        return value - BinomialInterval.standardNormalQuantile(confidence) * standardError;
    }

    public double upperBound(double confidence) {
        return value + BinomialInterval.standardNormalQuantile(confidence) * standardError;
    }
}
