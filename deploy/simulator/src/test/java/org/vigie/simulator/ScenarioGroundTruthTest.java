package org.vigie.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.events.DeviceEvent;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.Harm;
import org.vigie.contracts.events.UsageAction;
import org.vigie.contracts.events.UsageEvent;
import org.vigie.simulator.Simulation.SimulatedCase;

/**
 * Each scenario's world is the one its story tells, measured on the simulated cases themselves (truth known for
 * every case, labelled or not). Tolerances are a few standard errors at the volumes used; the runs are
 * deterministic, so these are checks of the design, not of luck. Plain JUnit.
 */
class ScenarioGroundTruthTest {

    private static final Instant END = Instant.parse("2026-03-20T12:00:00Z");
    private static final Timeline FOUR_WEEKS = Timeline.ending(END, 28);

    @Test
    void baseline_devices_perform_as_their_operating_point_above_their_claims_and_nothing_is_expected() {
        Run run = Run.of(Scenario.BASELINE, FOUR_WEEKS, 1.0);
        assertThat(run.simulation.expectedAlerts()).isEmpty();
        for (DeviceProfile d : run.simulation.fleet().devices()) {
            List<SimulatedCase> cases = run.cases(c -> c.deviceId().equals(d.deviceId()));
            assertThat(sensitivity(cases)).as(d.deviceId()).isCloseTo(d.scores().sensitivity(), within(0.03));
            assertThat(specificity(cases)).as(d.deviceId()).isCloseTo(d.scores().specificity(), within(0.015));
        }
        assertThat(run.feedback).isEmpty();
    }

    @Test
    void performance_decay_takes_mammography_sensitivity_from_093_to_084_and_leaves_the_others() {
        Run run = Run.of(Scenario.PERFORMANCE_DECAY, FOUR_WEEKS, 2.0);
        String mammo = DeviceCatalogue.MAMMO_2D;
        assertThat(sensitivity(run.firstWeek(mammo))).isCloseTo(0.93, within(0.03));
        assertThat(sensitivity(run.lastWeek(mammo))).isCloseTo(0.84, within(0.03));
        assertThat(specificity(run.lastWeek(mammo))).isCloseTo(0.90, within(0.01));
        assertThat(sensitivity(run.lastWeek(DeviceCatalogue.MAMMO_DBT))).isCloseTo(0.94, within(0.04));
        assertThat(run.simulation.expectedAlerts()).anyMatch(a -> a.required()
                && a.matches(AlertKind.PERFORMANCE_BELOW_CLAIM, mammo, "4.2.0", null));
    }

    @Test
    void subgroup_bias_fails_women_aged_75_and_over_while_others_hold_with_enough_positives_to_see_it() {
        Run run = Run.of(Scenario.SUBGROUP_BIAS, FOUR_WEEKS, 1.0);
        List<SimulatedCase> lastWeek = run.lastWeek(DeviceCatalogue.CHEST_PAIN);
        List<SimulatedCase> oldWomen = filter(lastWeek, c -> c.sex().equals("F") && c.ageBand().equals("75+"));
        assertThat(sensitivity(oldWomen)).isCloseTo(0.60, within(0.06));
        assertThat(sensitivity(filter(lastWeek, c -> c.sex().equals("M") && c.ageBand().equals("75+")))).isCloseTo(0.93, within(0.05));
        assertThat(sensitivity(filter(lastWeek, c -> c.sex().equals("F") && !c.ageBand().equals("75+")))).isCloseTo(0.93, within(0.04));
        // The drift service needs at least 100 positives in a group to judge a gap.
        assertThat(oldWomen.stream().filter(SimulatedCase::positive).count()).isGreaterThan(150);
        // Both marginal groups the expectations name show a gap well beyond the 0.05 minimum.
        double olderGap = sensitivity(filter(lastWeek, c -> !c.ageBand().equals("75+")))
                - sensitivity(filter(lastWeek, c -> c.ageBand().equals("75+")));
        double sexGap = sensitivity(filter(lastWeek, c -> c.sex().equals("M"))) - sensitivity(filter(lastWeek, c -> c.sex().equals("F")));
        assertThat(olderGap).isGreaterThan(0.10);
        assertThat(sexGap).isGreaterThan(0.06);
        // Overall sensitivity stays above the 0.85 claim.
        assertThat(sensitivity(lastWeek)).isGreaterThan(0.86);
        assertThat(run.feedback).singleElement().satisfies(f -> assertThat(f.category().ethical()).isTrue());
    }

    @Test
    void covariate_shift_moves_one_feature_at_one_busy_lab_for_the_last_week_only() {
        Run run = Run.of(Scenario.COVARIATE_SHIFT, FOUR_WEEKS, 1.0);
        String patho = DeviceCatalogue.PATHO_PROSTATE;
        Fleet.Deployment deployment = run.simulation.fleet().deployment(patho);
        assertThat(deployment.share(deployment.busiestSite())).isGreaterThan(0.15);
        FeatureModel.Numeric stain = (FeatureModel.Numeric) run.simulation.fleet().device(patho).features().stream()
                .filter(f -> f.name().equals(Scenario.SHIFTED_FEATURE)).findFirst().orElseThrow();
        FeatureModel.Numeric area = (FeatureModel.Numeric) run.simulation.fleet().device(patho).features().stream()
                .filter(f -> f.name().equals("tissueAreaMm2")).findFirst().orElseThrow();
        assertThat(ks(run.firstWeek(patho), stain)).isLessThan(0.05);
        assertThat(ks(run.lastWeek(patho), stain)).isGreaterThan(0.15);
        assertThat(ks(run.lastWeek(patho), area)).isLessThan(0.05);
        assertThat(sensitivity(run.lastWeek(patho))).isCloseTo(0.95, within(0.03));
    }

    @Test
    void override_surge_raises_triage_overrides_from_8_to_30_percent() {
        Run run = Run.of(Scenario.OVERRIDE_SURGE, FOUR_WEEKS, 1.0);
        Instant surged = END.minus(Duration.ofDays(5));
        Instant before = END.minus(Duration.ofDays(7));
        List<UsageEvent> triage = run.usages.stream().filter(u -> u.deviceId().equals(DeviceCatalogue.TRIAGE_ED)).toList();
        assertThat(overrideRate(triage.stream().filter(u -> !u.occurredAt().isBefore(surged)).toList())).isCloseTo(0.30, within(0.02));
        assertThat(overrideRate(triage.stream().filter(u -> u.occurredAt().isBefore(before)).toList())).isCloseTo(0.08, within(0.01));
        List<UsageEvent> ecg = run.usages.stream().filter(u -> u.deviceId().equals(DeviceCatalogue.ECG_AF)
                && !u.occurredAt().isBefore(surged)).toList();
        assertThat(overrideRate(ecg)).isCloseTo(0.07, within(0.015));
    }

    @Test
    void version_update_rolls_out_a_worse_version_registered_beforehand() {
        Run run = Run.of(Scenario.VERSION_UPDATE, FOUR_WEEKS, 1.0);
        String ecg = DeviceCatalogue.ECG_AF;
        assertThat(run.simulation.registrations()).anyMatch(r -> r.deviceId().equals(ecg)
                && r.modelVersion().equals(Scenario.NEW_ECG_VERSION));
        List<SimulatedCase> next = run.cases(c -> c.deviceId().equals(ecg) && c.modelVersion().equals(Scenario.NEW_ECG_VERSION));
        List<SimulatedCase> old = run.cases(c -> c.deviceId().equals(ecg) && !c.modelVersion().equals(Scenario.NEW_ECG_VERSION));
        assertThat(next).allSatisfy(c -> assertThat(c.time()).isAfterOrEqualTo(END.minus(Duration.ofDays(14))));
        assertThat(filter(run.lastWeek(ecg), c -> !c.modelVersion().equals(Scenario.NEW_ECG_VERSION))).isEmpty();
        assertThat(sensitivity(next)).isCloseTo(0.85, within(0.03));
        assertThat(sensitivity(old)).isCloseTo(0.95, within(0.02));
        assertThat(next.stream().filter(SimulatedCase::positive).count()).isGreaterThan(300);
    }

    @Test
    void serious_incident_files_one_death_report_and_expects_its_field_report_alert() {
        Run run = Run.of(Scenario.SERIOUS_INCIDENT, Timeline.ending(END, 7), 0.1);
        assertThat(run.feedback).singleElement().satisfies(f -> {
            assertThat(f.harm()).isEqualTo(Harm.DEATH);
            assertThat(f.deviceId()).isEqualTo(DeviceCatalogue.TRIAGE_ED);
        });
        assertThat(run.simulation.expectedAlerts()).singleElement().satisfies(a -> assertThat(
                a.matches(AlertKind.FIELD_REPORT, DeviceCatalogue.TRIAGE_ED, "5.0.2", null)).isTrue());
    }

    @Test
    void every_scenario_but_baseline_requires_at_least_one_alert() {
        Fleet fleet = Fleet.create(42);
        for (Scenario s : Scenario.values()) {
            long required = s.expectedAlerts(fleet, FOUR_WEEKS).stream().filter(ExpectedAlert::required).count();
            if (s == Scenario.BASELINE) {
                assertThat(required).as(s.scenarioName()).isZero();
            } else {
                assertThat(required).as(s.scenarioName()).isPositive();
            }
        }
    }

    // ---- measuring the simulated world ----

    private record Run(Simulation simulation, List<SimulatedCase> all, List<UsageEvent> usages, List<FeedbackEvent> feedback) {

        static Run of(Scenario scenario, Timeline timeline, double volume) {
            Simulation simulation = new Simulation(Fleet.create(42), scenario, timeline, volume, 1.0);
            List<SimulatedCase> cases = new ArrayList<>();
            List<UsageEvent> usages = new ArrayList<>();
            List<FeedbackEvent> feedback = new ArrayList<>();
            Iterator<DeviceEvent> events = simulation.events(cases::add);
            while (events.hasNext()) {
                DeviceEvent e = events.next();
                if (e instanceof UsageEvent u) {
                    usages.add(u);
                } else if (e instanceof FeedbackEvent f) {
                    feedback.add(f);
                }
            }
            return new Run(simulation, cases, usages, feedback);
        }

        List<SimulatedCase> cases(Predicate<SimulatedCase> p) {
            return filter(all, p);
        }

        List<SimulatedCase> firstWeek(String deviceId) {
            Instant stop = simulation.timeline().start().plus(Duration.ofDays(7));
            return cases(c -> c.deviceId().equals(deviceId) && c.time().isBefore(stop));
        }

        List<SimulatedCase> lastWeek(String deviceId) {
            Instant from = simulation.timeline().end().minus(Duration.ofDays(7));
            return cases(c -> c.deviceId().equals(deviceId) && !c.time().isBefore(from));
        }
    }

    private static List<SimulatedCase> filter(List<SimulatedCase> cases, Predicate<SimulatedCase> p) {
        return cases.stream().filter(p).toList();
    }

    private static double sensitivity(List<SimulatedCase> cases) {
        long positives = cases.stream().filter(SimulatedCase::positive).count();
        return (double) cases.stream().filter(c -> c.positive() && c.predictedPositive()).count() / positives;
    }

    private static double specificity(List<SimulatedCase> cases) {
        long negatives = cases.stream().filter(c -> !c.positive()).count();
        return (double) cases.stream().filter(c -> !c.positive() && !c.predictedPositive()).count() / negatives;
    }

    private static double overrideRate(List<UsageEvent> usages) {
        return (double) usages.stream().filter(u -> u.action() == UsageAction.OVERRIDDEN).count() / usages.size();
    }

    /** Kolmogorov-Smirnov distance between the cases' values of a feature and its declared reference. */
    private static double ks(List<SimulatedCase> cases, FeatureModel.Numeric feature) {
        double[] x = cases.stream().mapToDouble(c -> ((Number) c.features().get(feature.name())).doubleValue()).sorted().toArray();
        double d = 0;
        for (int i = 0; i < x.length; i++) {
            double f = feature.cdf(x[i]);
            d = Math.max(d, Math.max(Math.abs((double) (i + 1) / x.length - f), Math.abs((double) i / x.length - f)));
        }
        return d;
    }
}
