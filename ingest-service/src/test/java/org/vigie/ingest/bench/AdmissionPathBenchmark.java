package org.vigie.ingest.bench;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.json.ContractSchemas;
import org.vigie.contracts.json.VigieJson;
import org.vigie.ingest.domain.BatchReader;
import org.vigie.ingest.domain.DirectIdentifierGuard;
import org.vigie.ingest.domain.EventAdmission;
import org.vigie.ingest.domain.EventTimeWindow;
import org.vigie.ingest.support.Fixtures;
import org.vigie.testkit.PlatformUnderBench;

/**
 * The request path's CPU per event on one thread, without HTTP, database or Kafka: a body of 500 inference events
 * read into items and each item admitted, with the streaming fast path and without it (the tree path), rounds
 * alternated. {@code ../mvnw -B -o test -Pbench -pl ingest-service -Dbench.test=AdmissionPathBenchmark}.
 */
@Tag("bench")
class AdmissionPathBenchmark {

    @Test
    void read_and_admit_with_and_without_the_fast_path() throws Exception {
        String device = "bench-device";
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            bodies.add(Fixtures.inferences(device, 500).toString().getBytes(StandardCharsets.UTF_8));
        }
        EventAdmission admission = new EventAdmission(ContractSchemas.instance(), new DirectIdentifierGuard(),
                new EventTimeWindow(Clock.systemUTC()), VigieJson.mapper());
        BatchReader fast = new BatchReader(VigieJson.mapper(), 5 << 20, 5000, admission::prevalidate);
        BatchReader tree = new BatchReader(VigieJson.mapper(), 5 << 20, 5000);
        List<Double> fastMicros = new ArrayList<>();
        List<Double> treeMicros = new ArrayList<>();
        for (int round = 0; round < 16; round++) {
            for (BatchReader reader : round % 2 == 0 ? List.of(fast, tree) : List.of(tree, fast)) {
                long t0 = System.nanoTime();
                int admitted = 0;
                for (byte[] body : bodies) {
                    for (BatchReader.Item item : reader.read(body, false, false)) {
                        admitted += admission.admit(item, device) instanceof EventAdmission.Admitted ? 1 : 0;
                    }
                }
                double micros = (System.nanoTime() - t0) / 1e3 / (bodies.size() * 500);
                if (admitted != bodies.size() * 500) {
                    throw new AssertionError("admitted " + admitted);
                }
                (reader == fast ? fastMicros : treeMicros).add(micros);
            }
        }
        System.out.printf("read + admit per event, rounds 9-16 median: fast path %.2f µs, tree path %.2f µs (all rounds:"
                + " fast %s, tree %s)%n", PlatformUnderBench.median(fastMicros.subList(8, 16)),
                PlatformUnderBench.median(treeMicros.subList(8, 16)),
                fastMicros, treeMicros);
    }
}
