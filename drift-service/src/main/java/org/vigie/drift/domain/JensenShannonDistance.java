package org.vigie.drift.domain;

/**
 * Jensen–Shannon distance (square root of the JS divergence, logarithms base 2), bounded in
 * [0, 1] and symmetric, so thresholds mean the same for every feature. Numeric features are
 * binned on equal-mass reference bins; categorical ones use the union of categories.
 */
public final class JensenShannonDistance {

    private JensenShannonDistance() {
    }

    public static double of(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("p and q must have the same support");
        }
        double sp = 0;
        double sq = 0;
        for (int i = 0; i < p.length; i++) {
            sp += p[i];
            sq += q[i];
        }
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double a = p[i] / sp;
            double b = q[i] / sq;
            double m = (a + b) / 2;
            if (a > 0) {
                divergence += a * Math.log(a / m);
            }
            if (b > 0) {
                divergence += b * Math.log(b / m);
            }
        }
        // Guard against tiny negative values from rounding before the square root.
        return Math.sqrt(Math.max(0.0, divergence / (2 * Math.log(2))));
    }

    public static DriftTestResult test(NumericFeatureSummary window, NumericReference reference) {
        return test(window, reference, PopulationStabilityIndex.DEFAULT_BINS);
    }

    public static DriftTestResult test(NumericFeatureSummary window, NumericReference reference, int bins) {
        double[] edges = ReferenceBins.edges(reference, bins);
        double js = window.count() == 0 ? Double.NaN
                : of(ReferenceBins.proportions(window.cdf(), edges), ReferenceBins.proportions(reference.cdf(), edges));
        return new DriftTestResult(DriftTest.JENSEN_SHANNON, js, Double.NaN, js, window.count(), reference.sampleSize());
    }

    public static DriftTestResult test(CategoricalSummary window, CategoricalReference reference) {
        double[][] p = CategoricalProportions.aligned(window, reference);
        double js = window.count() == 0 ? Double.NaN : of(p[0], p[1]);
        return new DriftTestResult(DriftTest.JENSEN_SHANNON, js, Double.NaN, js, window.count(), reference.sampleSize());
    }
}
