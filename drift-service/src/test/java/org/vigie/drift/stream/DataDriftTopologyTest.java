package org.vigie.drift.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.events.SignalKind;
import org.vigie.contracts.events.WindowKind;
import org.vigie.drift.domain.ConditionState;
import org.vigie.drift.domain.SeriesFigures;
import org.vigie.drift.domain.SignalIdentity;

/** Detection 1 through the topology (TopologyTestDriver, plain JUnit): known answers on synthetic streams. */
class DataDriftTopologyTest {

    @Test
    void a_half_sigma_shift_of_one_feature_fires_exactly_one_data_drift_signal_with_its_evidence() {
        try (TopologyHarness h = new TopologyHarness(FeatureShiftScenario.settings())) {
            h.register(FeatureShiftScenario.registration(FeatureShiftScenario.DEVICE));
            FeatureShiftScenario.inferences(FeatureShiftScenario.DEVICE, 42).forEach(h::infer);

            List<DriftSignal> signals = h.signals();
            assertThat(signals).hasSize(1);
            DriftSignal s = signals.get(0);
            assertThat(s.kind()).isEqualTo(SignalKind.DATA_DRIFT);
            assertThat(s.feature()).isEqualTo(FeatureShiftScenario.SHIFTED);
            assertThat(s.metric()).isEqualTo("ks");
            // D of N(0.5, 1) against N(0, 1) is 2·Φ(0.25) − 1 = 0.197; the sketch and the table add a little error.
            assertThat(s.value()).isBetween(0.17, 0.23);
            assertThat(s.pValue()).isLessThan(1e-10);
            assertThat(s.sampleSizes().n()).isEqualTo(7200);
            assertThat(s.sampleSizes().reference()).isEqualTo(10_000);
            assertThat(s.window().kind()).isEqualTo(WindowKind.TIME);
            assertThat(Duration.between(s.window().start(), s.window().end())).isEqualTo(Duration.ofHours(2));
            assertThat(s.window().end()).isEqualTo(Devices.START.plus(Duration.ofHours(5)));
            assertThat(s.reference()).contains("registered quantiles");
            assertThat(s.evidence()).containsKeys("adjusted_p_value", "psi", "wasserstein_over_reference_sd", "jensen_shannon", "rule");
            assertThat(Double.parseDouble(s.evidence().get("wasserstein_over_reference_sd"))).isBetween(0.4, 0.6);
            assertThat(s.conditionKey()).isEqualTo("acme-shift-01|1.0.0|data_drift|ks|contrast|");
            assertThat(s.signalId()).isEqualTo(SignalIdentity.signalId(s.conditionKey(), 1));
            // Detected by the stream-time punctuation that closed the window: end + grace.
            assertThat(s.detectedAt()).isEqualTo(Devices.START.plus(Duration.ofHours(5)).plus(Duration.ofMinutes(5)));

            // Store inspection: the condition is open (firing once), the others armed; the figures show every feature.
            ConditionState condition = ConditionState.fromBytes(
                    h.<byte[]>store(DriftTopology.CONDITIONS_STORE).get(s.conditionKey()));
            assertThat(condition.firing()).isTrue();
            assertThat(condition.firings()).isEqualTo(1);
            assertThat(ConditionState.fromBytes(h.<byte[]>store(DriftTopology.CONDITIONS_STORE)
                    .get("acme-shift-01|1.0.0|data_drift|ks|age|")).firing()).isFalse();
            SeriesFigures figures = h.<SeriesFigures>store(DriftTopology.FIGURES_STORE).get("acme-shift-01|1.0.0|*");
            assertThat(figures.drift().figures()).extracting(SeriesFigures.Figure::feature)
                    .contains("age", "contrast", "density", "view");
        }
    }

    @Test
    void without_a_registered_reference_the_first_window_is_the_baseline_and_a_shift_against_it_fires() {
        try (TopologyHarness h = new TopologyHarness(FeatureShiftScenario.settings())) {
            h.register(Devices.registration("learn-01", "2.0", "acme", List.of(Devices.numeric("x", false),
                    Devices.categorical("site_kind", null)), List.of(), List.of()));
            Random random = new Random(7);
            for (int i = 0; i < 20_000; i++) {
                boolean late = i >= 10_000;
                h.infer(Devices.inference("learn-01", "2.0", Devices.START.plusSeconds(i),
                        Devices.features("x", random.nextGaussian(), "site_kind",
                                random.nextDouble() < (late ? 0.7 : 0.3) ? "a" : "b"),
                        random.nextDouble(), Map.of()));
            }
            List<DriftSignal> signals = h.signals();
            assertThat(signals).extracting(DriftSignal::feature).containsExactly("site_kind");
            DriftSignal s = signals.get(0);
            assertThat(s.metric()).isEqualTo("chi_square");
            assertThat(s.reference()).startsWith("baseline: first window");
            assertThat(Double.parseDouble(s.evidence().get("effect_size"))).isGreaterThan(0.3);
        }
    }
}
