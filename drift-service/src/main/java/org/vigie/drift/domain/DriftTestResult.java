package org.vigie.drift.domain;

/**
 * Evidence of one drift test of a window against its reference. {@code pValue} is NaN for the
 * pure distances (PSI, Wasserstein, Jensen–Shannon), whose statistic is also their effect size.
 *
 * @param sampleSize     number of (non-missing) cases in the window
 * @param referenceSize  size of the reference sample (0 when the reference is taken as exact)
 */
public record DriftTestResult(DriftTest test, double statistic, double pValue, double effectSize,
                              long sampleSize, long referenceSize) {

    public boolean hasPValue() {
        return !Double.isNaN(pValue);
    }
}
