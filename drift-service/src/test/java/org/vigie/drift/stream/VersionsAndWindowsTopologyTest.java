package org.vigie.drift.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.ClaimMetric;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.SignalKind;
import org.vigie.contracts.events.WindowKind;
import org.vigie.drift.domain.DriftSettings;

/** Detection 7 (version regression), the registration store across versions, the join's TTL and count windows. */
class VersionsAndWindowsTopologyTest {

    @Test
    void a_new_version_significantly_less_sensitive_than_the_previous_one_is_a_version_regression() {
        try (TopologyHarness h = new TopologyHarness(SubgroupAndUsageTopologyTest.HOURLY)) {
            h.register(Devices.registration("ver-01", "1.0", "acme", List.of(),
                    List.of(Devices.claim(ClaimMetric.SPECIFICITY, 0.5, null)), List.of()));
            LabelledWindows.feed(h, "ver-01", "1.0", Devices.START,
                    List.of(new LabelledWindows.Group("g", "x", 276, 24, 200, 20)), 0, 1);
            h.register(Devices.registration("ver-01", "2.0", "acme", List.of(), List.of(), List.of()));
            for (int w = 1; w < 4; w++) {
                LabelledWindows.feed(h, "ver-01", "2.0", Devices.START.plus(LabelledWindows.HOUR.multipliedBy(w)),
                        List.of(new LabelledWindows.Group("g", "x", 240, 60, 200, 20)), 0, w);
            }
            h.infer(Devices.inference("ver-01", "2.0", Devices.START.plus(Duration.ofHours(5)), Map.of(), 0.1, Map.of()));

            List<DriftSignal> signals = h.signals();
            assertThat(signals).hasSize(1);
            DriftSignal s = signals.get(0);
            assertThat(s.kind()).isEqualTo(SignalKind.VERSION_REGRESSION);
            assertThat(s.modelVersion()).isEqualTo("2.0");
            assertThat(s.metric()).isEqualTo("sensitivity");
            assertThat(s.value()).isEqualTo(0.8);
            assertThat(s.evidence()).containsEntry("previous_version", "1.0").containsEntry("previous_value", "0.920000");
            // The compacted topic keeps only 2.0, but the service's own store keeps each version's registration.
            DeviceRegistration v1 = h.<DeviceRegistration>store(DriftTopology.REGISTRATIONS_STORE).get("ver-01|1.0");
            assertThat(v1.performanceClaims()).hasSize(1);
            assertThat(h.<DeviceVersions>store(DriftTopology.DEVICES_STORE).get("ver-01").versions()).containsExactly("1.0", "2.0");
        }
    }

    @Test
    void an_outcome_after_the_join_ttl_finds_no_inference_and_the_punctuation_emptied_the_join_store() {
        DriftSettings settings = SubgroupAndUsageTopologyTest.HOURLY.withJoinTtl(Duration.ofHours(2));
        try (TopologyHarness h = new TopologyHarness(settings)) {
            h.register(Devices.registration("ttl-01", "1", "acme", List.of(), List.of(), List.of()));
            InferenceEvent early = Devices.inference("ttl-01", "1", Devices.START, Map.of(), 0.9, Map.of());
            h.infer(early);
            assertThat(h.<byte[]>store(DriftTopology.JOIN_STORE).get(early.eventId().toString())).isNotNull();
            h.infer(Devices.inference("ttl-01", "1", Devices.START.plus(Duration.ofMinutes(90)), Map.of(), 0.9, Map.of()));
            assertThat(h.<byte[]>store(DriftTopology.JOIN_STORE).get(early.eventId().toString())).isNotNull();
            // Stream time passes inference time + TTL: the next punctuation expires the entry and its index.
            h.infer(Devices.inference("ttl-01", "1", Devices.START.plus(Duration.ofMinutes(125)), Map.of(), 0.9, Map.of()));
            assertThat(h.<byte[]>store(DriftTopology.JOIN_STORE).get(early.eventId().toString())).isNull();
            assertThat(h.<byte[]>store(DriftTopology.JOIN_EXPIRY_STORE).approximateNumEntries()).isEqualTo(2);
            h.label(Devices.outcome(early, 1, Devices.START.plus(Duration.ofMinutes(126))));
            assertThat(h.<byte[]>store(DriftTopology.DETECTORS_STORE).get("ttl-01|1")).isNull();
        }
    }

    @Test
    void an_inference_the_broker_holds_twice_is_counted_once() {
        List<String> dropped = new java.util.ArrayList<>();
        DriftTelemetry telemetry = new DriftTelemetry() {
            @Override
            public void dropped(String reason) {
                dropped.add(reason);
            }
        };
        try (TopologyHarness h = new TopologyHarness(SubgroupAndUsageTopologyTest.HOURLY, telemetry)) {
            h.register(Devices.registration("dup-01", "1", "acme", List.of(), List.of(), List.of()));
            InferenceEvent once = Devices.inference("dup-01", "1", Devices.START, Map.of(), 0.9, Map.of());
            h.infer(once);
            h.infer(once);
            h.infer(Devices.inference("dup-01", "1", Devices.START.plusSeconds(1), Map.of(), 0.9, Map.of()));
            assertThat(dropped).containsExactly("duplicate_inference");
        }
    }

    @Test
    void a_low_volume_device_switches_to_count_windows_and_drift_is_judged_per_count_window() {
        DriftSettings settings = SubgroupAndUsageTopologyTest.HOURLY.withCountWindows(200, 500, 1);
        try (TopologyHarness h = new TopologyHarness(settings)) {
            h.register(Devices.registration("low-01", "1", "acme", List.of(Devices.numeric("x", true)), List.of(), List.of()));
            Random random = new Random(5);
            for (int i = 0; i < 4000; i++) {
                // One inference a minute: 60 per hourly window, below the 200 a time window needs.
                double shift = i >= 2000 ? 0.5 : 0.0;
                h.infer(Devices.inference("low-01", "1", Devices.START.plus(Duration.ofMinutes(i)),
                        Devices.features("x", random.nextGaussian() + shift), random.nextDouble(), Map.of()));
            }
            List<DriftSignal> signals = TopologyHarness.ofKind(h.signals(), SignalKind.DATA_DRIFT);
            assertThat(signals).hasSize(1);
            DriftSignal s = signals.get(0);
            assertThat(s.window().kind()).isEqualTo(WindowKind.COUNT);
            assertThat(s.window().count()).isEqualTo(500);
            assertThat(s.sampleSizes().n()).isEqualTo(500);
            Instant shiftedFrom = Devices.START.plus(Duration.ofMinutes(2000));
            assertThat(s.window().start()).isAfterOrEqualTo(shiftedFrom.minus(Duration.ofMinutes(500)));
        }
    }
}
