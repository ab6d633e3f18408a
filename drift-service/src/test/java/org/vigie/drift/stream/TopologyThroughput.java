package org.vigie.drift.stream;

import java.util.List;
import org.vigie.contracts.events.InferenceEvent;

/**
 * Benchmark (not a test): the acceptance scenario's 20,000 inferences (4 inputs) through the topology in a
 * TopologyTestDriver ({@code driver}: serdes, per-record commit) or through the device monitor alone
 * ({@code direct}: in-memory stores, the processor's own cost), repeated; prints events per second.
 * See BENCHMARKS.md for the command.
 */
public final class TopologyThroughput {

    private TopologyThroughput() {
    }

    public static void main(String[] args) {
        PlainJvmLogging.apply();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        boolean direct = args.length > 1 && args[1].equals("direct");
        List<InferenceEvent> events = FeatureShiftScenario.inferences(FeatureShiftScenario.DEVICE, 42);
        for (int r = 0; r < rounds && direct; r++) {
            DirectDriver d = new DirectDriver(FeatureShiftScenario.settings());
            d.register(FeatureShiftScenario.registration(FeatureShiftScenario.DEVICE));
            long t0 = System.nanoTime();
            for (int k = 0; k < 5; k++) {
                for (InferenceEvent e : events) {
                    d.infer(new InferenceEvent(e.type(), 1, e.eventId(), e.deviceId(), e.modelVersion(), e.siteId(),
                            e.siteType(), e.region(), e.occurredAt().plus(java.time.Duration.ofDays(k)), e.caseId(),
                            e.features(), e.score(), null, e.subgroups(), null, null));
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("direct round %d: %d inferences in %.2f s = %.0f events/s, %d signals%n", r,
                    5 * events.size(), seconds, 5 * events.size() / seconds, d.signals().size());
        }
        for (int r = 0; r < rounds && !direct; r++) {
            try (TopologyHarness h = new TopologyHarness(FeatureShiftScenario.settings())) {
                h.register(FeatureShiftScenario.registration(FeatureShiftScenario.DEVICE));
                long t0 = System.nanoTime();
                events.forEach(h::infer);
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("round %d: %d inferences in %.2f s = %.0f events/s, %d signals%n", r, events.size(),
                        seconds, events.size() / seconds, h.signals().size());
            }
        }
    }
}
