package org.vigie.ingest.bench;

import io.restassured.RestAssured;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vigie.ingest.support.Fixtures;
import org.vigie.testkit.BenchEventIds;
import org.vigie.testkit.CpuClock;
import org.vigie.testkit.PlatformUnderBench;
import org.vigie.testkit.TestTokens;

/**
 * The ingest benchmark as the issue states it: against ingest-service <em>on the local platform</em> — the packaged
 * service ({@code quarkus-run.jar}) as {@code deploy/local/vigie up} runs it, its own process beside the platform's
 * Kafka broker and PostgreSQL — with this JVM as the load generator only. A fleet of devices (default 200, each
 * within the platform's default rate limit of 1,000 events/s) is registered through the API; batches of 500
 * inference events, the devices taking turns, are posted over keep-alive HTTP/1.1; then Kafka's ProducerPerformance
 * writes as many records of the same size to the same broker; three such pairs. Prints both rates, their ratio (and
 * the median ratio of the pairs: ProducerPerformance alone moves by a third from one run to the next), the request latency
 * and the CPU per event of every process (the service, of which its JIT compiler threads; PostgreSQL's backends of
 * the platform's database; the broker; this generator).
 *
 * <pre>
 * VIGIE_HOME=/tmp/vigie-bench VIGIE_SERVICES=ingest VIGIE_PORT_OFFSET=500 deploy/local/vigie up
 * ./mvnw -B -o test -Pbench -pl ingest-service -Dbench.test=PlatformIngestBenchmark \
 *     -Dbench.platform=/tmp/vigie-bench -Dbench.platform.offset=500
 * VIGIE_HOME=/tmp/vigie-bench VIGIE_SERVICES=ingest VIGIE_PORT_OFFSET=500 deploy/local/vigie down
 * </pre>
 *
 * <p>Tunables: {@code bench.batches} (2000: a million events, a timed phase of ~10 s), {@code bench.connections} (8), {@code bench.devices} (200),
 * {@code bench.pairs} (3: ingest then ProducerPerformance, three times, the median ratio printed last),
 * {@code bench.client} (the minimal poster, {@link KeepAlivePoster}, or {@code jdk} for the JDK HttpClient, whose
 * threads cost ~2.5 µs per event against 0.5 on the same two cores), {@code bench.warmup.rounds} (40: the service's
 * JVM is warmed until its compiler threads take under 5 % of its CPU in a round — the packaged service, started
 * cold, needed ~30 rounds, 900,000 events), {@code bench.platform.database} ({@code vigie}).
 */
@Tag("bench")
class PlatformIngestBenchmark {

    @Test
    void packaged_service_against_producer_performance() throws Exception {
        PlatformUnderBench platform = PlatformUnderBench.fromSystemProperties("ingest", 8081);
        String bootstrap = platform.bootstrapServers();
        int port = platform.servicePort();
        // The platform's signing key, so that the tokens minted here verify like `deploy/local/vigie token`'s.
        System.setProperty("vigie.testkit.token-keys", der(platform.home().resolve("keys/private.pem")) + ":"
                + der(platform.home().resolve("keys/public.pem")));
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = port;

        int batches = Integer.getInteger("bench.batches", 2000);
        int connections = Integer.getInteger("bench.connections", 8);
        String manufacturer = Fixtures.unique("bench");
        List<IngestLoad.Device> devices = new ArrayList<>();
        for (int i = 0; i < Integer.getInteger("bench.devices", 200); i++) {
            String device = Fixtures.unique("bench");
            Fixtures.register(device, manufacturer);
            devices.add(new IngestLoad.Device(device, TestTokens.device(device, manufacturer)));
        }
        IngestLoad load = new IngestLoad(URI.create("http://127.0.0.1:" + port + "/v1/events"), connections,
                "jdk".equals(System.getProperty("bench.client")));
        int recordSize = IngestLoad.recordSize(devices.get(0).id());
        CpuClock clock = platform.cpuClock();
        int warmupRounds = load.warmUp(devices, clock, Integer.getInteger("bench.warmup.rounds", 40));
        long records = (long) batches * IngestLoad.BATCH;
        System.out.printf(Locale.ROOT, "%n== ingest benchmark, the local platform's service ==%n"
                        + "events: %d per run in %d batches of %d from %d devices over %d keep-alive connections (%s),"
                        + " record size %d B, event ids %s; warm-up: %d round(s) of %d batches%n", records, batches,
                IngestLoad.BATCH, devices.size(), connections, load.clientName(), recordSize, BenchEventIds.KIND, warmupRounds,
                IngestLoad.WARMUP_BATCHES);

        // Pairs of runs, ingest then ProducerPerformance, so that both see the same machine; the ratio is the median.
        int pairs = Integer.getInteger("bench.pairs", 3);
        List<Double> ratios = new ArrayList<>();
        for (int pair = 1; pair <= pairs; pair++) {
            List<IngestLoad.Body> bodies = IngestLoad.bodies(devices, batches);
            CpuClock.Reading before = clock.read();
            IngestLoad.Run run = load.run(bodies);
            CpuClock.Reading ingestCpu = clock.read().minus(before);
            bodies = null;
            if (run.accepted() != records) {
                throw new AssertionError("not every event was accepted: " + run.accepted() + " of " + records);
            }
            CpuClock.Reading beforeProducer = clock.read();
            double[] producer = IngestLoad.producerPerformance(bootstrap, records, recordSize);
            CpuClock.Reading producerCpu = clock.read().minus(beforeProducer);
            double serving = ingestCpu.service() + ingestCpu.postgres() + ingestCpu.broker();
            double producing = producer[1] + producerCpu.broker();
            ratios.add(run.rate() / producer[0]);
            System.out.println(String.format(Locale.ROOT, "-- pair %d of %d --%n"
                            + "ingest: %.0f events/s (%d accepted in %.2f s), request latency p50 %.1f ms, p99 %.1f ms%n"
                            + "ProducerPerformance: %.0f records/s (%d records of %d B, acks=all, batch.size=262144,"
                            + " linger.ms=20)%n"
                            + "ratio ingest / producer: %.2f%n"
                            + "CPU per event, ingest: %.1f µs (service %.1f, of which JIT compiler threads %.1f;"
                            + " PostgreSQL %.1f; broker %.1f) + load generator %.1f%n"
                            + "CPU per record, ProducerPerformance: %.1f µs (its JVM, start-up included, %.1f; broker %.1f)",
                    pair, pairs, run.rate(), run.accepted(), run.seconds(), run.percentileMillis(0.50),
                    run.percentileMillis(0.99), producer[0], records, recordSize, run.rate() / producer[0],
                    serving / records, ingestCpu.service() / records, ingestCpu.serviceJit() / records,
                    ingestCpu.postgres() / records, ingestCpu.broker() / records, ingestCpu.self() / records,
                    producing / records, producer[1] / records, producerCpu.broker() / records));
        }
        System.out.printf(Locale.ROOT, "ratios %s, median %.2f%n", ratios.stream()
                .map(r -> String.format(Locale.ROOT, "%.2f", r)).toList(), PlatformUnderBench.median(ratios));
    }

    /** The base64 DER inside a PEM file. */
    private static String der(Path pem) throws Exception {
        return Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }
}
