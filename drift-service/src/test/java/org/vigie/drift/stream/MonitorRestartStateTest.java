package org.vigie.drift.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.SignalKind;
import org.vigie.contracts.events.UsageAction;

/**
 * The pending buffer is stored in chunks of several records and the monitor keeps caches derived from its
 * stores (pending counts, the next window due, the next join expiry): a monitor started again on the same stores
 * at any point — mid-chunk included — must rebuild them and publish exactly the signals of an uninterrupted
 * run, with the same ids. (The real-broker SIGKILL test covers the changelogs and the cached stores.)
 */
class MonitorRestartStateTest {

    @Test
    void restarted_at_arbitrary_points_the_monitor_publishes_the_same_signals_as_an_uninterrupted_run() {
        List<DriftSignal> uninterrupted = run(0);
        List<DriftSignal> restarted = run(1_337);

        assertThat(uninterrupted).extracting(DriftSignal::kind).contains(SignalKind.DATA_DRIFT);
        // The same signals: same ids, conditions, windows, sample sizes and detection times. The statistic itself
        // is compared within the sketch's error only: KLL compaction is randomized (DataSketches' own RNG), so two
        // uninterrupted runs differ in the last digits too.
        assertThat(restarted).extracting(MonitorRestartStateTest::identity)
                .containsExactlyElementsOf(uninterrupted.stream().map(MonitorRestartStateTest::identity).toList());
        for (int i = 0; i < restarted.size(); i++) {
            assertThat(restarted.get(i).value()).isCloseTo(uninterrupted.get(i).value(), within(0.01));
        }
    }

    private static List<Object> identity(DriftSignal s) {
        return List.of(s.signalId(), s.conditionKey(), s.window(), s.sampleSizes(), s.detectedAt(), s.severity());
    }

    @Test
    void a_restart_recounts_a_partly_filled_chunk_and_folds_every_buffered_record() {
        DirectDriver d = start();
        List<InferenceEvent> inferences = FeatureShiftScenario.inferences(FeatureShiftScenario.DEVICE, 42);
        // 3 full chunks and 5 records of a fourth, all in the first hourly pane.
        int n = 3 * DeviceMonitor.PENDING_CHUNK + 5;
        inferences.subList(0, n).forEach(d::infer);
        assertThat(records(d.store(DriftTopology.PENDING_STORE))).isEqualTo(n);

        d.restart();
        inferences.subList(n, FeatureShiftScenario.EVENTS).forEach(d::infer);

        // Every inference was folded into a pane once: the first hourly window counts all its 3,600 events.
        assertThat(d.signals()).extracting(DriftSignal::feature).containsExactly(FeatureShiftScenario.SHIFTED);
        assertThat(d.signals().get(0).sampleSizes().n()).isEqualTo(7200);
    }

    private static List<DriftSignal> run(int restartEvery) {
        DirectDriver d = start();
        Random random = new Random(11);
        List<InferenceEvent> inferences = FeatureShiftScenario.inferences(FeatureShiftScenario.DEVICE, 42);
        int events = 0;
        for (InferenceEvent e : inferences) {
            d.infer(e);
            if (random.nextInt(3) == 0) {
                d.label(Devices.outcome(e, random.nextDouble() < e.score() ? 1 : 0, e.occurredAt()));
            }
            if (random.nextInt(4) == 0) {
                d.use(Devices.usage(e.deviceId(), e.modelVersion(), e.occurredAt(),
                        random.nextBoolean() ? UsageAction.ACCEPTED : UsageAction.OVERRIDDEN));
            }
            if (restartEvery > 0 && ++events % restartEvery == 0) {
                d.restart();
            }
        }
        return new ArrayList<>(d.signals());
    }

    private static DirectDriver start() {
        DirectDriver d = new DirectDriver(FeatureShiftScenario.settings());
        d.register(FeatureShiftScenario.registration(FeatureShiftScenario.DEVICE));
        return d;
    }

    private static int records(KeyValueStore<String, byte[]> pending) {
        int n = 0;
        try (KeyValueIterator<String, byte[]> it = pending.all()) {
            while (it.hasNext()) {
                n += Pending.count(it.next().value);
            }
        }
        return n;
    }
}
