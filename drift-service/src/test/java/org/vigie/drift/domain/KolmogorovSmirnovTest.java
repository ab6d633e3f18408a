package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.SplittableRandom;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** KS from sketches against SciPy's exact two-sample KS and Commons Statistics on raw samples. */
class KolmogorovSmirnovTest {

    @Test
    void kolmogorovDistributionMatchesPublishedCriticalValues() {
        // Critical values of the Kolmogorov distribution: K(1.2238) = 0.90, K(1.3581) = 0.95, K(1.6276) = 0.99.
        assertThat(KolmogorovSmirnov.kolmogorovSurvival(1.2238)).isCloseTo(0.10, within(2e-4));
        assertThat(KolmogorovSmirnov.kolmogorovSurvival(1.3581)).isCloseTo(0.05, within(2e-4));
        assertThat(KolmogorovSmirnov.kolmogorovSurvival(1.6276)).isCloseTo(0.01, within(2e-4));
        // Both series agree where they meet.
        assertThat(KolmogorovSmirnov.kolmogorovSurvival(0.99999999)).isCloseTo(KolmogorovSmirnov.kolmogorovSurvival(1.0), within(1e-7));
        assertThat(KolmogorovSmirnov.kolmogorovSurvival(0.2)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void exactModeStatisticEqualsScipyAndPValueTracksTheExactOne() {
        for (JsonNode c : Fixtures.load("kolmogorov-smirnov.json")) {
            double[] window = Fixtures.doubles(c.get("window"));
            NumericFeatureSummary summary = summaryOf(window);
            assertThat(summary.rankErrorBound()).isZero();
            DriftTestResult r = KolmogorovSmirnov.test(summary, NumericReference.fromSample(Fixtures.doubles(c.get("reference"))));
            assertThat(r.statistic()).isCloseTo(c.get("statistic").asDouble(), within(1e-12));
            double exact = c.get("exactPValue").asDouble();
            assertThat(r.pValue()).isCloseTo(exact, within(Math.max(0.01, 0.1 * exact)));
            assertThat(r.sampleSize()).isEqualTo(window.length);
            assertThat(r.referenceSize()).isEqualTo(c.get("reference").size());
        }
    }

    @Test
    void sketchStatisticStaysWithinTheRankErrorOfTheExactOne() {
        SplittableRandom rnd = new SplittableRandom(42);
        double[] reference = normal(rnd, 20_000, 0, 1);
        double[] window = normal(rnd, 20_000, 0.1, 1);
        var exact = org.apache.commons.statistics.inference.KolmogorovSmirnovTest.withDefaults().test(window, reference);
        NumericFeatureSummary summary = summaryOf(window);
        DriftTestResult nominal = KolmogorovSmirnov.test(summary, NumericReference.fromSample(reference), false);
        assertThat(summary.rankErrorBound()).isPositive();
        assertThat(nominal.statistic()).isCloseTo(exact.getStatistic(), within(summary.rankErrorBound()));
        // Same statistic, same p-value as Commons within the asymptotic approximation.
        assertThat(KolmogorovSmirnov.pValue(exact.getStatistic(), 20_000, 20_000)).isCloseTo(exact.getPValue(), within(1e-4));
        // A 0.1 sigma shift on 20k vs 20k is detected even after discounting sketch error.
        assertThat(KolmogorovSmirnov.test(summary, NumericReference.fromSample(reference)).pValue()).isLessThan(1e-4);
    }

    @Test
    void declaredQuantileTableGivesTheTheoreticalDistanceOfAHalfSigmaShift() {
        NormalDistribution standard = NormalDistribution.of(0, 1);
        double[] p = new double[1001];
        double[] q = new double[1001];
        for (int i = 0; i <= 1000; i++) {
            p[i] = i / 1000.0;
            q[i] = i == 0 ? -6 : i == 1000 ? 6 : standard.inverseCumulativeProbability(p[i]);
        }
        NumericReference reference = NumericReference.fromQuantiles(p, q, 50_000, 0, 1);
        SplittableRandom rnd = new SplittableRandom(9);
        DriftTestResult same = KolmogorovSmirnov.test(summaryOf(normal(rnd, 100_000, 0, 1)), reference);
        DriftTestResult shifted = KolmogorovSmirnov.test(summaryOf(normal(rnd, 100_000, 0.5, 1)), reference);
        // sup |Phi(x) - Phi(x - 0.5)| = 2 Phi(0.25) - 1 = 0.19741.
        assertThat(shifted.statistic()).isCloseTo(2 * standard.cumulativeProbability(0.25) - 1, within(0.02));
        assertThat(shifted.pValue()).isLessThan(1e-12);
        assertThat(same.statistic()).isLessThan(0.025);
        assertThat(same.pValue()).isGreaterThan(0.01);
    }

    @Test
    void nullWindowOfAMillionDoesNotLookSignificantOnceSketchErrorIsDiscounted() {
        SplittableRandom rnd = new SplittableRandom(2024);
        NumericFeatureSummary baseline = summaryOf(normal(rnd, 1_000_000, 0, 1));
        NumericFeatureSummary window = summaryOf(normal(rnd, 1_000_000, 0, 1));
        DriftTestResult r = KolmogorovSmirnov.test(window, NumericReference.fromBaseline(baseline));
        assertThat(r.statistic()).isLessThan(window.rankErrorBound() + baseline.rankErrorBound());
        assertThat(r.pValue()).isGreaterThan(0.01);
    }

    @Test
    void aValueReportedInWholeUnitsIsNotDriftAgainstItsOwnQuantileTable() {
        // SpO2 as a monitor sends it: whole percent. The table (min, p20, p40, p60, p80, max) is the
        // manufacturer's; values drawn from it, then rounded as the device reports them.
        double[] p = {0, 0.2, 0.4, 0.6, 0.8, 1.0};
        double[] q = {70, 94, 97, 98, 99, 100};
        NumericReference reference = NumericReference.fromQuantiles(p, q, 20_000, 95.6, 3.5);
        SplittableRandom rnd = new SplittableRandom(21);
        double[] same = fromTable(rnd, 200_000, p, q, 0);
        DriftTestResult r = KolmogorovSmirnov.test(summaryOf(same), reference);
        // Interpolated between knots, the rounded values would be 0.1 away at 98 (0.7 vs 0.6): a false alarm.
        assertThat(r.statistic()).isLessThan(0.01);
        assertThat(r.pValue()).isGreaterThan(0.01);

        double[] lower = fromTable(rnd, 200_000, p, q, -2);
        DriftTestResult shifted = KolmogorovSmirnov.test(summaryOf(lower), reference);
        assertThat(shifted.statistic()).isGreaterThan(0.15);
        assertThat(shifted.pValue()).isLessThan(1e-12);
    }

    @Test
    void againstADeclaredTableTheDistanceIsMeasuredAtItsKnotsWithTiesHonoured() {
        StepCdf table = StepCdf.linear(new double[] {0, 0.5, 1}, new double[] {0, 10, 20});
        // Half the window exactly at 10: P(X < 10) = 0.25, P(X <= 10) = 0.75, and the table's 0.5 lies between.
        StepCdf window = StepCdf.empirical(new double[] {5, 10, 10, 15});
        assertThat(KolmogorovSmirnov.statistic(window, table)).isZero();
        // Everything above 10: P(X <= 10) = 0 against the table's 0.5.
        StepCdf above = StepCdf.empirical(new double[] {11, 12, 13, 14});
        assertThat(KolmogorovSmirnov.statistic(above, table)).isCloseTo(0.5, within(1e-12));
    }

    /** Draws from a quantile table (linear between knots), shifted, rounded to {@code decimals}. */
    private static double[] fromTable(SplittableRandom rnd, int n, double[] p, double[] q, double shift) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double u = rnd.nextDouble();
            int k = 1;
            while (p[k] < u) {
                k++;
            }
            double v = q[k - 1] + (q[k] - q[k - 1]) * (u - p[k - 1]) / (p[k] - p[k - 1]) + shift;
            x[i] = Math.round(v);
        }
        return x;
    }

    static NumericFeatureSummary summaryOf(double[] values) {
        NumericFeatureSummary s = new NumericFeatureSummary();
        for (double v : values) {
            s.update(v);
        }
        return s;
    }

    static double[] normal(SplittableRandom rnd, int n, double mean, double sd) {
        double[] x = new double[n];
        for (int i = 0; i < n; i += 2) {
            // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
            double u1 = 1.0 - rnd.nextDouble();
            double u2 = rnd.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u1));
            x[i] = mean + sd * r * Math.cos(2 * Math.PI * u2);
            if (i + 1 < n) {
                x[i + 1] = mean + sd * r * Math.sin(2 * Math.PI * u2);
            }
        }
        return x;
    }
}
