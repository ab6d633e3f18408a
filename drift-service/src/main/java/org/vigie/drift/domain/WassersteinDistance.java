package org.vigie.drift.domain;

/**
 * Wasserstein-1 (earth mover's) distance ∫ |F_window(x) − F_reference(x)| dx, divided by the
 * reference standard deviation so that "0.25" means a quarter of a reference σ whatever the
 * feature's unit. Integrated exactly between knots: the window CDF is a step function and the
 * reference is a step or linear function, so the integrand is linear on each piece.
 */
public final class WassersteinDistance {

    private WassersteinDistance() {
    }

    public static DriftTestResult test(NumericFeatureSummary window, NumericReference reference) {
        double w = window.count() == 0 ? Double.NaN : distance(window.cdf(), reference.cdf());
        double normalised = w / reference.standardDeviation();
        return new DriftTestResult(DriftTest.WASSERSTEIN, normalised, Double.NaN, normalised, window.count(), reference.sampleSize());
    }

    static double distance(StepCdf a, StepCdf b) {
        double[] z = StepCdf.unionOfKnots(a, b);
        double total = 0;
        for (int j = 0; j + 1 < z.length; j++) {
            double width = z[j + 1] - z[j];
            double g0 = a.at(z[j]) - b.at(z[j]);
            double g1 = a.before(z[j + 1]) - b.before(z[j + 1]);
            total += width * integralOfAbsoluteLinear(g0, g1);
        }
        return total;
    }

    /** ∫₀¹ |g0 + (g1 − g0)t| dt. */
    private static double integralOfAbsoluteLinear(double g0, double g1) {
        if (g0 * g1 >= 0) {
            return (Math.abs(g0) + Math.abs(g1)) / 2;
        }
        return (g0 * g0 + g1 * g1) / (2 * (Math.abs(g0) + Math.abs(g1)));
    }
}
