package org.vigie.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The {@code all} scenario is the union of the others only if no device is changed by two of them: each device's
 * world under {@code all} is then its own scenario's world, and every other device is a baseline. Plain JUnit.
 */
class CompositePlanTest {

    private static final Timeline SPAN = Timeline.ending(Instant.parse("2026-03-20T12:00:00Z"), 21);
    private static final Fleet FLEET = Fleet.create(42);

    @Test
    void every_device_is_changed_by_at_most_one_scenario() {
        Map<String, Set<String>> changedBy = new HashMap<>();
        for (Scenario scenario : Scenario.values()) {
            if (scenario == Scenario.ALL || scenario == Scenario.BASELINE) {
                continue;
            }
            ScenarioPlan plan = scenario.plan(FLEET, SPAN);
            for (DeviceProfile device : FLEET.devices()) {
                if (changes(plan, device)) {
                    changedBy.computeIfAbsent(device.deviceId(), d -> new TreeSet<>()).add(scenario.scenarioName());
                }
            }
        }
        assertThat(changedBy).allSatisfy((device, scenarios) -> assertThat(scenarios).as(device).hasSize(1));
        assertThat(changedBy).hasSize(5); // covariate shift, decay, bias, override surge, version update
    }

    @Test
    void the_composite_world_is_each_scenarios_world_on_its_devices_and_the_baseline_elsewhere() {
        ScenarioPlan all = Scenario.ALL.plan(FLEET, SPAN);
        ScenarioPlan baseline = Scenario.BASELINE.plan(FLEET, SPAN);
        Map<String, ScenarioPlan> owner = new HashMap<>();
        for (Scenario scenario : Scenario.values()) {
            if (scenario == Scenario.ALL || scenario == Scenario.BASELINE) {
                continue;
            }
            ScenarioPlan plan = scenario.plan(FLEET, SPAN);
            FLEET.devices().stream().filter(d -> changes(plan, d)).forEach(d -> owner.put(d.deviceId(), plan));
        }
        for (DeviceProfile device : FLEET.devices()) {
            ScenarioPlan own = owner.getOrDefault(device.deviceId(), baseline);
            assertThat(answers(all, device)).as(device.deviceId()).isEqualTo(answers(own, device));
        }
    }

    @Test
    void the_composite_expects_every_scenarios_alerts_and_files_every_field_report() {
        List<ExpectedAlert> union = new ArrayList<>();
        int reports = 0;
        for (Scenario scenario : Scenario.values()) {
            if (scenario != Scenario.ALL) {
                union.addAll(scenario.expectedAlerts(FLEET, SPAN));
                reports += scenario.plan(FLEET, SPAN).fieldReports().size();
            }
        }
        ScenarioPlan all = Scenario.ALL.plan(FLEET, SPAN);
        assertThat(all.expectedAlerts()).containsExactlyInAnyOrderElementsOf(union);
        assertThat(all.fieldReports()).hasSize(reports);
        assertThat(all.fieldReports().stream().map(r -> r.eventId()).collect(Collectors.toSet())).hasSize(reports);
        assertThat(all.extraRegistrations()).hasSize(1);
    }

    /** Whether a plan departs from the usual world for this device anywhere in the span. */
    private static boolean changes(ScenarioPlan plan, DeviceProfile device) {
        ScenarioPlan baseline = Scenario.BASELINE.plan(FLEET, SPAN);
        return !answers(plan, device).equals(answers(baseline, device));
    }

    /** A plan's answers for a device, sampled every 6 hours at every site, for both sexes and every age band. */
    private static List<Object> answers(ScenarioPlan plan, DeviceProfile device) {
        List<Object> answers = new ArrayList<>();
        for (Instant t = SPAN.start(); !t.isAfter(SPAN.end()); t = t.plus(Duration.ofHours(6))) {
            for (Site site : FLEET.deployment(device.deviceId()).sites()) {
                String version = plan.modelVersion(device, site, t);
                answers.add(version);
                answers.add(plan.overrideRate(device, site, t));
                for (FeatureModel feature : device.features()) {
                    answers.add(plan.featureShift(device, site, t, feature.name()));
                }
                for (String sex : List.of("F", "M")) {
                    for (String band : List.of("<18", "18-39", "40-49", "50-59", "60-74", "75+")) {
                        answers.add(plan.missRate(device, version, site, t, sex, band));
                    }
                }
            }
        }
        return answers;
    }
}
