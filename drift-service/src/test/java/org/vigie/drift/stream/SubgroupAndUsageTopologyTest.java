package org.vigie.drift.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.events.SignalKind;
import org.vigie.contracts.events.UsageAction;
import org.vigie.drift.domain.DriftSettings;

/** Detections 5 (subgroup gap) and 6 (usage shift) through the topology, on known counts. */
class SubgroupAndUsageTopologyTest {

    static final DriftSettings HOURLY = DriftSettings.defaults()
            .withWindows(Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(1));

    private static List<LabelledWindows.Group> groups(int tpOfC) {
        return List.of(new LabelledWindows.Group("ageBand", "A", 294, 26, 80, 20),
                new LabelledWindows.Group("ageBand", "B", 294, 26, 80, 20),
                new LabelledWindows.Group("ageBand", "C", tpOfC, 320 - tpOfC, 80, 20),
                new LabelledWindows.Group("ageBand", "D", 294, 26, 80, 20));
    }

    @Test
    void a_subgroup_whose_sensitivity_falls_from_092_to_080_raises_one_subgroup_gap_signal_naming_it() {
        try (TopologyHarness h = new TopologyHarness(HOURLY)) {
            h.register(Devices.registration("gap-01", "1", "acme", List.of(), List.of(), List.of("ageBand")));
            for (int w = 0; w < 6; w++) {
                // 320 positives per group and window; group C's sensitivity drops from 294/320 to 256/320 at window 2.
                LabelledWindows.feed(h, "gap-01", "1", Devices.START.plus(LabelledWindows.HOUR.multipliedBy(w)),
                        groups(w < 2 ? 294 : 256), 0, w);
            }
            h.infer(Devices.inference("gap-01", "1", Devices.START.plus(Duration.ofHours(7)), java.util.Map.of(), 0.1, java.util.Map.of()));

            List<DriftSignal> signals = h.signals();
            assertThat(signals).hasSize(1);
            DriftSignal s = signals.get(0);
            assertThat(s.kind()).isEqualTo(SignalKind.SUBGROUP_GAP);
            assertThat(s.subgroup()).isEqualTo("ageBand=C");
            assertThat(s.value()).isCloseTo(256 / 320.0 - (3 * 294) / 960.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(s.evidence().get("group_tpr")).startsWith("256/320 = 0.800000");
            assertThat(s.evidence().get("rest_tpr")).startsWith("882/960 = 0.918750");
            assertThat(s.interval().lower()).isLessThan(0.8);
            assertThat(s.interval().upper()).isGreaterThan(0.8);
            assertThat(s.pValue()).isLessThan(1e-6);
            assertThat(s.sampleSizes().positives()).isEqualTo(320);
            assertThat(s.sampleSizes().labelledShare()).isEqualTo(1.0);
            // Judged in windows 2 and 3 (fire after 2): the window ending at 04:00.
            assertThat(s.window().end()).isEqualTo(Devices.START.plus(Duration.ofHours(4)));
        }
    }

    @Test
    void override_and_ignore_rate_rising_against_the_site_baseline_is_a_usage_shift() {
        try (TopologyHarness h = new TopologyHarness(HOURLY)) {
            h.register(Devices.registration("use-01", "1", "acme", List.of(), List.of(), List.of()));
            for (int w = 0; w < 5; w++) {
                Instant start = Devices.START.plus(LabelledWindows.HOUR.multipliedBy(w));
                int overrides = w == 0 ? 40 : w < 2 ? 45 : 110; // of 400 decisions: 10 % baseline, then 27.5 %
                for (int i = 0; i < 400; i++) {
                    Instant at = start.plusSeconds(5L * i + 1);
                    h.infer(Devices.inference("use-01", "1", at, java.util.Map.of(), 0.3, java.util.Map.of()));
                    h.use(Devices.usage("use-01", "1", at, i < overrides ? (i % 2 == 0 ? UsageAction.OVERRIDDEN
                            : UsageAction.IGNORED) : UsageAction.ACCEPTED));
                    h.use(Devices.usage("use-01", "1", at, UsageAction.VIEWED));
                }
            }
            h.infer(Devices.inference("use-01", "1", Devices.START.plus(Duration.ofHours(6)), java.util.Map.of(), 0.3, java.util.Map.of()));

            List<DriftSignal> signals = h.signals();
            assertThat(signals).hasSize(1);
            DriftSignal s = signals.get(0);
            assertThat(s.kind()).isEqualTo(SignalKind.USAGE_SHIFT);
            assertThat(s.siteId()).isEqualTo(Devices.SITE);
            assertThat(s.subgroup()).isEqualTo("site=" + Devices.SITE);
            assertThat(s.value()).isEqualTo(110 / 400.0);
            assertThat(s.evidence().get("baseline_rate")).isEqualTo("0.100000");
            assertThat(s.sampleSizes().n()).isEqualTo(400);
            assertThat(s.sampleSizes().reference()).isEqualTo(400);
        }
    }
}
