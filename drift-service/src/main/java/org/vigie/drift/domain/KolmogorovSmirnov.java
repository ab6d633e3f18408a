package org.vigie.drift.domain;

/**
 * Two-sample Kolmogorov–Smirnov test of a sketched window against a reference.
 *
 * <p>Against a baseline (a step CDF) the statistic is computed at the union of both CDFs' knots, the exact
 * supremum; against a declared quantile table, at the table's knots with ties honoured
 * ({@link #atDeclaredKnots}). The p-value uses the true
 * sample sizes through the asymptotic Kolmogorov distribution with effective size
 * n = n1·n2/(n1+n2) and Stephens' small-sample correction (λ = (√n + 0.12 + 0.11/√n)·D), which
 * tracks the exact two-sample p-value to within a few percent from n ≈ 40.
 *
 * <p>Sketch error: a KLL sketch's CDF is off by up to its rank error ε (≈ 1.3 % at k = 200) once
 * it compacts. With millions of events a D of ε alone would be "significant", so by default
 * the p-value is computed from max(0, D − ε_window − ε_reference): a conservative test whose
 * false-alarm rate stays at or below nominal. While the sketches are exact ε = 0 and nothing changes.
 */
public final class KolmogorovSmirnov {

    private KolmogorovSmirnov() {
    }

    public static DriftTestResult test(NumericFeatureSummary window, NumericReference reference) {
        return test(window, reference, true);
    }

    public static DriftTestResult test(NumericFeatureSummary window, NumericReference reference, boolean discountSketchError) {
        long n = window.count();
        if (n == 0) {
            return new DriftTestResult(DriftTest.KOLMOGOROV_SMIRNOV, Double.NaN, Double.NaN, Double.NaN, 0, reference.sampleSize());
        }
        double d = statistic(window.cdf(), reference.cdf());
        double tested = discountSketchError ? Math.max(0.0, d - window.rankErrorBound() - reference.rankErrorBound()) : d;
        return new DriftTestResult(DriftTest.KOLMOGOROV_SMIRNOV, d, pValue(tested, n, reference.sampleSize()), d,
                n, reference.sampleSize());
    }

    /** The KS distance of a window's CDF {@code a} from a reference CDF {@code b}. */
    static double statistic(StepCdf a, StepCdf b) {
        if (b.isLinear()) {
            return atDeclaredKnots(a, b);
        }
        double d = 0;
        for (double z : StepCdf.unionOfKnots(a, b)) {
            d = Math.max(d, Math.abs(a.at(z) - b.at(z)));
            d = Math.max(d, Math.abs(a.before(z) - b.before(z)));
        }
        return d;
    }

    /**
     * Distance from a declared quantile table, measured where the table is known: at its knots. Between knots
     * the linear interpolation is an assumption, not the manufacturer's data; a real distribution curves there,
     * and with thousands of events a test of the assumption would alarm on it. Ties are honoured: a device that
     * reports a value at a precision (SpO₂ in whole percent, a score in hundredths) has an atom at each knot, and
     * the table's p at that knot only says P(X &lt; q) &le; p &le; P(X &le; q); the distance is the gap between
     * that interval and the window's [P(X &lt; q), P(X &le; q)], zero when they overlap. With a fine table
     * (percentiles) this is the usual KS statistic; with a coarse one it is smaller, so the test stays at or
     * below its nominal false-alarm rate and loses power only between the knots it was never told about.
     */
    static double atDeclaredKnots(StepCdf window, StepCdf table) {
        double d = 0;
        for (double z : table.knots()) {
            double below = window.before(z);
            double atOrBelow = window.at(z);
            double tableBelow = table.before(z);
            double tableAtOrBelow = table.at(z);
            d = Math.max(d, Math.max(0.0, Math.max(below - tableAtOrBelow, tableBelow - atOrBelow)));
        }
        return d;
    }

    /** Two-sided p-value of a two-sample KS statistic {@code d} with sample sizes n1 and n2. */
    public static double pValue(double d, long n1, long n2) {
        if (n1 <= 0 || n2 <= 0) {
            return Double.NaN;
        }
        double effective = (double) n1 * n2 / ((double) n1 + n2);
        double root = Math.sqrt(effective);
        return kolmogorovSurvival((root + 0.12 + 0.11 / root) * d);
    }

    /** P(K > λ) for the Kolmogorov distribution; two series so that both tails are accurate. */
    static double kolmogorovSurvival(double lambda) {
        if (lambda <= 0) {
            return 1.0;
        }
        if (lambda < 1.0) {
            // Jacobi theta form of the CDF converges fast for small λ.
            double sum = 0;
            double c = Math.PI * Math.PI / (8 * lambda * lambda);
            for (int k = 1; k <= 50; k++) {
                double term = Math.exp(-(2 * k - 1) * (2 * k - 1) * c);
                sum += term;
                if (term < 1e-17 * sum) {
                    break;
                }
            }
            return clamp(1.0 - Math.sqrt(2 * Math.PI) / lambda * sum);
        }
        double sum = 0;
        for (int k = 1; k <= 100; k++) {
            double term = Math.exp(-2.0 * k * k * lambda * lambda);
            sum += (k % 2 == 1) ? term : -term;
            if (term < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return clamp(2 * sum);
    }

    private static double clamp(double p) {
        return Math.min(1.0, Math.max(0.0, p));
    }
}
