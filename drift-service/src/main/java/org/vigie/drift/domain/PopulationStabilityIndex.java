package org.vigie.drift.domain;

/**
 * Population stability index Σ (a − e)·ln(a / e) between window proportions a and reference
 * proportions e. Empty bins would make it infinite, so every proportion is floored at epsilon
 * (default 1e-4) without renormalising: the usual convention, stated so results are comparable.
 * Conventional reading: &lt; 0.1 stable, 0.1–0.25 moderate shift, &gt; 0.25 major shift.
 */
public final class PopulationStabilityIndex {

    public static final double DEFAULT_EPSILON = 1e-4;
    public static final int DEFAULT_BINS = 10;

    private PopulationStabilityIndex() {
    }

    public static double of(double[] expected, double[] actual, double epsilon) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("expected and actual must have the same bins");
        }
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.max(expected[i], epsilon);
            double a = Math.max(actual[i], epsilon);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    public static DriftTestResult test(NumericFeatureSummary window, NumericReference reference) {
        return test(window, reference, DEFAULT_BINS, DEFAULT_EPSILON);
    }

    public static DriftTestResult test(NumericFeatureSummary window, NumericReference reference, int bins, double epsilon) {
        double[] edges = ReferenceBins.edges(reference, bins);
        double psi = window.count() == 0 ? Double.NaN
                : of(ReferenceBins.proportions(reference.cdf(), edges), ReferenceBins.proportions(window.cdf(), edges), epsilon);
        return new DriftTestResult(DriftTest.POPULATION_STABILITY_INDEX, psi, Double.NaN, psi, window.count(), reference.sampleSize());
    }

    public static DriftTestResult test(CategoricalSummary window, CategoricalReference reference) {
        return test(window, reference, DEFAULT_EPSILON);
    }

    public static DriftTestResult test(CategoricalSummary window, CategoricalReference reference, double epsilon) {
        double[][] p = CategoricalProportions.aligned(window, reference);
        double psi = window.count() == 0 ? Double.NaN : of(p[1], p[0], epsilon);
        return new DriftTestResult(DriftTest.POPULATION_STABILITY_INDEX, psi, Double.NaN, psi, window.count(), reference.sampleSize());
    }
}
