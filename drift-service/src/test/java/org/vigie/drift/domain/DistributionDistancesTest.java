package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** PSI, Wasserstein and Jensen–Shannon against SciPy/NumPy values and closed forms. */
class DistributionDistancesTest {

    @Test
    void psiAndJensenShannonMatchTheFixture() {
        for (JsonNode c : Fixtures.load("distribution-distances.json")) {
            double[] e = Fixtures.doubles(c.get("expected"));
            double[] a = Fixtures.doubles(c.get("actual"));
            assertThat(PopulationStabilityIndex.of(e, a, c.get("epsilon").asDouble())).isCloseTo(c.get("psi").asDouble(), within(1e-12));
            assertThat(JensenShannonDistance.of(a, e)).isCloseTo(c.get("jensenShannonDistance").asDouble(), within(1e-9));
        }
    }

    @Test
    void jensenShannonOfDisjointSupportsIsOne() {
        assertThat(JensenShannonDistance.of(new double[] {1, 0}, new double[] {0, 1})).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void wassersteinEqualsScipyOnExactSamples() {
        for (JsonNode c : Fixtures.load("kolmogorov-smirnov.json")) {
            NumericReference reference = NumericReference.fromSample(Fixtures.doubles(c.get("reference")));
            DriftTestResult r = WassersteinDistance.test(KolmogorovSmirnovTest.summaryOf(Fixtures.doubles(c.get("window"))), reference);
            assertThat(reference.standardDeviation()).isCloseTo(c.get("referenceSd").asDouble(), within(1e-12));
            assertThat(r.statistic() * reference.standardDeviation()).isCloseTo(c.get("wasserstein").asDouble(), within(1e-9));
        }
    }

    @Test
    void wassersteinOfAShiftIsTheShiftInReferenceSigmas() {
        SplittableRandom rnd = new SplittableRandom(1);
        double[] reference = KolmogorovSmirnovTest.normal(rnd, 50_000, 10, 2);
        double[] window = KolmogorovSmirnovTest.normal(rnd, 200_000, 10.5, 2);
        DriftTestResult r = WassersteinDistance.test(KolmogorovSmirnovTest.summaryOf(window), NumericReference.fromSample(reference));
        // The window is a KLL sketch, whose compaction DataSketches randomizes with its own unseeded generator: over 300
        // sketches of these same 200,000 values the statistic ranged 0.229-0.283 around the samples' exact 0.255 (a
        // tolerance of 0.02 failed a clean-clone CI run with 0.271). 0.05 holds that spread and still fails a distance
        // left in the feature's unit (0.5) or the wrong σ.
        assertThat(r.statistic()).isCloseTo(0.25, within(0.05));
        assertThat(r.pValue()).isNaN();
    }

    @Test
    void numericPsiAndJensenShannonAreSmallWithoutShiftAndLargeWithIt() {
        SplittableRandom rnd = new SplittableRandom(5);
        NumericReference reference = NumericReference.fromBaseline(KolmogorovSmirnovTest.summaryOf(KolmogorovSmirnovTest.normal(rnd, 100_000, 0, 1)));
        NumericFeatureSummary same = KolmogorovSmirnovTest.summaryOf(KolmogorovSmirnovTest.normal(rnd, 100_000, 0, 1));
        NumericFeatureSummary shifted = KolmogorovSmirnovTest.summaryOf(KolmogorovSmirnovTest.normal(rnd, 100_000, 1, 1));
        assertThat(PopulationStabilityIndex.test(same, reference).statistic()).isLessThan(0.01);
        // PSI of N(1,1) vs N(0,1) on reference deciles is about 0.9 (continuous limit: KL sum = 1.0).
        assertThat(PopulationStabilityIndex.test(shifted, reference).statistic()).isBetween(0.7, 1.1);
        assertThat(JensenShannonDistance.test(same, reference).statistic()).isLessThan(0.03);
        assertThat(JensenShannonDistance.test(shifted, reference).statistic()).isBetween(0.3, 0.5);
    }

    @Test
    void categoricalPsiAndJensenShannonUseTheUnionOfCategories() {
        CategoricalSummary window = new CategoricalSummary();
        for (int i = 0; i < 40; i++) {
            window.update("A");
        }
        for (int i = 0; i < 60; i++) {
            window.update("C");
        }
        CategoricalReference reference = CategoricalReference.fromProportions(Map.of("A", 0.5, "B", 0.5), 1000);
        // window (A, B, C) = (0.4, 0, 0.6), reference = (0.5, 0.5, 0), epsilon 1e-4
        double expectedPsi = (0.4 - 0.5) * Math.log(0.4 / 0.5) + (1e-4 - 0.5) * Math.log(1e-4 / 0.5) + (0.6 - 1e-4) * Math.log(0.6 / 1e-4);
        assertThat(PopulationStabilityIndex.test(window, reference).statistic()).isCloseTo(expectedPsi, within(1e-12));
        double js = JensenShannonDistance.of(new double[] {0.4, 0, 0.6}, new double[] {0.5, 0.5, 0});
        assertThat(JensenShannonDistance.test(window, reference).statistic()).isCloseTo(js, within(1e-12));
    }
}
