package org.vigie.drift.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.ClaimMetric;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.UsageAction;
import org.vigie.drift.domain.DriftSettings;
import org.vigie.drift.domain.SeriesFigures;

/**
 * Acceptance: a null stream of 10^6 events (600,000 inferences, 200,000 outcomes, 200,000 usage events of a
 * stationary, calibrated device that meets its claims) produces no signal of any kind, while every detector
 * runs (~135 daily windows judged). Driven through the device monitor directly (DirectDriver): the
 * TopologyTestDriver's per-record commit would take minutes for this volume.
 */
class NullStreamTest {

    @Test
    void a_million_stationary_events_raise_no_signal() {
        DriftSettings settings = DriftSettings.defaults().withWindows(Duration.ofDays(1), Duration.ofHours(6), Duration.ofMinutes(10));
        DirectDriver d = new DirectDriver(settings);
        d.register(Devices.registration("null-01", "3.1", "acme",
                List.of(Devices.numeric("age", true), Devices.numeric("contrast", true), Devices.numeric("density", true),
                        Devices.categorical("view", Map.of("CC", 0.5, "MLO", 0.5))),
                List.of(Devices.claim(ClaimMetric.SENSITIVITY, 0.85, null), Devices.claim(ClaimMetric.SPECIFICITY, 0.90, null),
                        Devices.claim(ClaimMetric.AUC, 0.90, null), Devices.claim(ClaimMetric.SENSITIVITY, 0.85, "sex=F")),
                List.of("sex")));
        Random random = new Random(2026);
        ArrayDeque<InferenceEvent> awaitingLabel = new ArrayDeque<>();
        int events = 0;
        int inferences = 0;
        while (events < 1_000_000) {
            Instant at = Devices.START.plusSeconds(5L * inferences);
            double score = random.nextDouble() < 0.3 ? 0.8 + 0.2 * random.nextDouble() : 0.1 * random.nextDouble();
            InferenceEvent e = Devices.inference("null-01", "3.1", at,
                    Devices.features("age", random.nextGaussian(), "contrast", random.nextGaussian(),
                            "density", random.nextGaussian(), "view", random.nextBoolean() ? "CC" : "MLO"),
                    score, Map.of("sex", random.nextBoolean() ? "F" : "M"));
            d.infer(e);
            inferences++;
            events++;
            if (inferences % 3 == 0) {
                awaitingLabel.add(e);
            }
            // Labels come back an hour later, drawn from the calibrated score.
            while (!awaitingLabel.isEmpty() && awaitingLabel.peek().occurredAt().plus(Duration.ofHours(1)).isBefore(at)) {
                InferenceEvent labelled = awaitingLabel.poll();
                d.label(Devices.outcome(labelled, random.nextDouble() < labelled.score() ? 1 : 0, at));
                events++;
            }
            if (inferences % 3 == 1) {
                double u = random.nextDouble();
                d.use(Devices.usage("null-01", "3.1", at, u < 0.85 ? UsageAction.ACCEPTED : u < 0.95 ? UsageAction.OVERRIDDEN
                        : UsageAction.IGNORED));
                events++;
            }
        }

        assertThat(d.signals()).isEmpty();
        SeriesFigures figures = d.<SeriesFigures>store(DriftTopology.FIGURES_STORE).get("null-01|3.1|*");
        // Every detector had data: drift on all four features and the score, usage, estimate, claims, subgroups.
        assertThat(figures.drift().figures()).extracting(SeriesFigures.Figure::kind)
                .contains("data_drift", "score_drift", "usage_shift", "estimated_performance_drop");
        assertThat(figures.performance().figures()).extracting(SeriesFigures.Figure::kind)
                .contains("performance_below_claim", "subgroup_gap");
        assertThat(figures.performance().figures()).extracting(SeriesFigures.Figure::status).containsOnly("absent");
        assertThat(figures.performance().labelledShare()).isBetween(0.3, 0.34);
    }
}
