package org.vigie.drift.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.ClaimMetric;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.events.SignalKind;
import org.vigie.drift.domain.ConfidenceBasedPerformanceEstimation;
import org.vigie.drift.domain.DriftSettings;

/** Detections 2 (below claim), 3 (error-stream CUSUM) and 4 (confidence-based estimate) through the topology. */
class PerformanceTopologyTest {

    @Test
    void sensitivity_whose_upper_bound_is_below_the_claim_fires_with_interval_and_label_completeness() {
        try (TopologyHarness h = new TopologyHarness(SubgroupAndUsageTopologyTest.HOURLY)) {
            h.register(Devices.registration("perf-01", "1", "acme", List.of(),
                    List.of(Devices.claim(ClaimMetric.SENSITIVITY, 0.90, null)), List.of()));
            for (int w = 0; w < 3; w++) {
                // 160/200 = 0.80: one-sided 95 % Wilson upper bound (z = 1.6449, by hand) 0.84238 < 0.90; half labelled.
                LabelledWindows.feed(h, "perf-01", "1", Devices.START.plus(LabelledWindows.HOUR.multipliedBy(w)),
                        List.of(new LabelledWindows.Group("none", "x", 160, 40, 180, 20)), 400, w);
            }
            h.infer(Devices.inference("perf-01", "1", Devices.START.plus(Duration.ofHours(4)), Map.of(), 0.1, Map.of()));

            List<DriftSignal> below = TopologyHarness.ofKind(h.signals(), SignalKind.PERFORMANCE_BELOW_CLAIM);
            assertThat(below).hasSize(1);
            DriftSignal s = below.get(0);
            assertThat(s.metric()).isEqualTo("sensitivity");
            assertThat(s.value()).isEqualTo(0.8);
            assertThat(s.claim()).isEqualTo(0.9);
            assertThat(s.interval().upper()).isCloseTo(0.84238, org.assertj.core.data.Offset.offset(1e-5));
            assertThat(s.interval().confidence()).isEqualTo(0.95);
            assertThat(s.sampleSizes().positives()).isEqualTo(200);
            assertThat(s.sampleSizes().labelledShare()).isEqualTo(0.5);
            assertThat(s.severity()).isEqualTo(org.vigie.contracts.events.Severity.HIGH);
            assertThat(s.estimate()).isFalse();
        }
    }

    @Test
    void without_labels_the_confidence_based_estimate_below_the_claim_is_a_signal_marked_as_estimate() {
        try (TopologyHarness h = new TopologyHarness(SubgroupAndUsageTopologyTest.HOURLY)) {
            h.register(Devices.registration("cbpe-01", "1", "acme", List.of(),
                    List.of(Devices.claim(ClaimMetric.SENSITIVITY, 0.95, null)), List.of()));
            Random random = new Random(3);
            for (int i = 0; i < 3 * 1200; i++) {
                // Calibrated scores whose expected sensitivity at 0.5 is 0.27 / 0.305 = 0.885.
                double score = random.nextDouble() < 0.3 ? 0.8 + 0.2 * random.nextDouble() : 0.1 * random.nextDouble();
                h.infer(Devices.inference("cbpe-01", "1", Devices.START.plusSeconds(3L * i), Map.of(), score, Map.of()));
            }
            h.infer(Devices.inference("cbpe-01", "1", Devices.START.plus(Duration.ofHours(5)), Map.of(), 0.1, Map.of()));

            List<DriftSignal> estimated = TopologyHarness.ofKind(h.signals(), SignalKind.ESTIMATED_PERFORMANCE_DROP);
            assertThat(estimated).hasSize(1);
            DriftSignal s = estimated.get(0);
            assertThat(s.estimate()).isTrue();
            assertThat(s.value()).isBetween(0.86, 0.91);
            assertThat(s.interval().upper()).isLessThan(0.95);
            assertThat(s.evidence().get("assumptions")).isEqualTo(ConfidenceBasedPerformanceEstimation.ASSUMPTIONS);
            assertThat(s.sampleSizes().labelledShare()).isEqualTo(0.0);
        }
    }

    @Test
    void an_error_rate_rising_from_5_to_20_percent_raises_one_error_rate_change_while_the_rate_stays_high() {
        DriftSettings settings = SubgroupAndUsageTopologyTest.HOURLY.withErrorStream(500, 1e5, DriftSettings.DEFAULT_RELATIVE_SHIFTS, 0.9, Double.NaN);
        DirectDriver d = new DirectDriver(settings);
        d.register(Devices.registration("err-01", "1", "acme", List.of(), List.of(), List.of()));
        Random random = new Random(11);
        for (int i = 0; i < 6000; i++) {
            Instant at = Devices.START.plusSeconds(2L * i);
            double errorRate = i < 3000 ? 0.05 : 0.20;
            boolean truth = random.nextBoolean();
            boolean error = random.nextDouble() < errorRate;
            var e = Devices.inference("err-01", "1", at, Map.of(), (truth != error) ? 0.9 : 0.1, Map.of());
            d.infer(e);
            d.label(Devices.outcome(e, truth ? 1 : 0, at));
        }
        List<DriftSignal> signals = TopologyHarness.ofKind(d.signals(), SignalKind.ERROR_RATE_CHANGE);
        assertThat(signals).hasSize(1);
        DriftSignal s = signals.get(0);
        assertThat(s.statistic()).isEqualTo("bernoulli_cusum");
        assertThat(s.detectedAt()).isAfter(Devices.START.plusSeconds(2L * 3000));
        // Detection delay after the change: a few dozen labelled cases, far less than one window.
        assertThat(s.detectedAt()).isBefore(Devices.START.plusSeconds(2L * 3400));
        assertThat(Double.parseDouble(s.evidence().get("in_control_error_rate"))).isBetween(0.05, 0.09);
    }
}
