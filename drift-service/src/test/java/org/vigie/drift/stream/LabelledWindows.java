package org.vigie.drift.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;

/**
 * Deterministic labelled windows: exact numbers of true and false positives and negatives per group, so
 * rates are known answers (e.g. 294/320 = 0.919 against 256/320 = 0.800), shuffled within the window,
 * each outcome arriving right after its inference.
 */
final class LabelledWindows {

    static final Duration HOUR = Duration.ofHours(1);

    record Group(String attribute, String value, int tp, int fn, int tn, int fp) {
    }

    private LabelledWindows() {
    }

    /** Feeds one window [start, start + 1 h) of the given groups; unlabelled adds inferences without outcome. */
    static void window(String deviceId, String version, Instant start, List<Group> groups, int unlabelled, long seed,
                       java.util.function.Consumer<InferenceEvent> infer, java.util.function.Consumer<OutcomeEvent> label) {
        List<Object[]> cases = new ArrayList<>();
        for (Group g : groups) {
            add(cases, g, true, true, g.tp());
            add(cases, g, false, true, g.fn());
            add(cases, g, false, false, g.tn());
            add(cases, g, true, false, g.fp());
        }
        for (int i = 0; i < unlabelled; i++) {
            cases.add(new Object[] {null, false, null});
        }
        Random random = new Random(seed);
        Collections.shuffle(cases, random);
        long step = HOUR.toMillis() / (cases.size() + 1);
        for (int i = 0; i < cases.size(); i++) {
            Object[] c = cases.get(i);
            Group g = (Group) c[0];
            boolean predicted = (Boolean) c[1];
            double score = predicted ? 0.5 + 0.5 * random.nextDouble() : 0.5 * random.nextDouble();
            Instant at = start.plusMillis(step * (i + 1));
            InferenceEvent e = Devices.inference(deviceId, version, at, Map.of(), score,
                    g == null ? Map.of() : Map.of(g.attribute(), g.value()));
            infer.accept(e);
            if (c[2] != null) {
                label.accept(Devices.outcome(e, (Boolean) c[2] ? 1 : 0, at));
            }
        }
    }

    private static void add(List<Object[]> cases, Group g, boolean predicted, boolean truth, int n) {
        for (int i = 0; i < n; i++) {
            cases.add(new Object[] {g, predicted, truth});
        }
    }

    static void feed(TopologyHarness h, String deviceId, String version, Instant start, List<Group> groups, int unlabelled, long seed) {
        window(deviceId, version, start, groups, unlabelled, seed, h::infer, h::label);
    }

}
