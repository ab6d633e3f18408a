package org.vigie.ingest.bench;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vigie.ingest.support.Fixtures;
import org.vigie.testkit.CpuClock;
import org.vigie.ingest.support.IngestTestResource;
import org.vigie.testkit.TestTokens;

/**
 * Ingest throughput against Kafka's own producer, on the same broker, in the same run, with the service inside this
 * test JVM (for the service as the local platform runs it, see {@link PlatformIngestBenchmark}): a load generator
 * posts batches of 500 inference events over keep-alive HTTP to the running service; then
 * {@code org.apache.kafka.tools.ProducerPerformance} writes the same number of records of the same size to
 * the same topic (acks=all, batch.size=262144, linger.ms=20). Prints both rates, their ratio and the ingest
 * p50/p99 request latency. Not part of the default test run: {@code ../mvnw -B test -Pbench}.
 *
 * <p>Tunables (system properties): {@code bench.batches} (default 600, i.e. 300,000 events: at 100,000
 * ProducerPerformance had not reached its steady rate and the ratio read ~1.5x too high), {@code bench.connections} (8),
 * {@code bench.client} ({@code minimal} for {@link KeepAlivePoster} instead of the JDK HttpClient),
 * {@code bench.warmup.rounds} (8), {@code bench.broker.pid} (the broker's process, when {@code VIGIE_KAFKA_BOOTSTRAP}
 * names a broker of its own).
 */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
@Tag("bench")
class IngestBenchmark {

    @TestHTTPResource("/v1/events")
    URI events;

    @Test
    void ingest_rate_against_producer_performance() throws Exception {
        int batches = Integer.getInteger("bench.batches", 600);
        String manufacturer = Fixtures.unique("bench");
        String device = Fixtures.unique("bench");
        Fixtures.register(device, manufacturer);
        List<IngestLoad.Device> devices = List.of(new IngestLoad.Device(device, TestTokens.device(device, manufacturer)));
        IngestLoad load = new IngestLoad(events, Integer.getInteger("bench.connections", 8),
                !"minimal".equals(System.getProperty("bench.client")));

        // Bodies are built before the clock starts: the generator's cost is not the service's.
        int recordSize = IngestLoad.recordSize(device);
        List<IngestLoad.Body> bodies = IngestLoad.bodies(devices, batches);
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.reactive.url", String.class);
        CpuClock clock = new CpuClock(url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", ""), -1,
                Long.getLong("bench.broker.pid", -1L));
        int warmupRounds = load.warmUp(devices, clock, Integer.getInteger("bench.warmup.rounds", 8));

        CpuClock.Reading before = clock.read();
        IngestLoad.Run run = load.run(bodies);
        CpuClock.Reading ingestCpu = clock.read().minus(before);

        long records = (long) batches * IngestLoad.BATCH;
        CpuClock.Reading beforeProducer = clock.read();
        double[] producer = IngestLoad.producerPerformance(IngestTestResource.bootstrapServers(), records, recordSize);
        CpuClock.Reading producerCpu = clock.read().minus(beforeProducer);
        System.out.println(String.format(Locale.ROOT, "%n== ingest benchmark ==%n"
                        + "events: %d in %d batches of %d over %d keep-alive connections (%s), record size %d B%n"
                        + "warm-up: %d round(s) of %d batches%n"
                        + "ingest: %.0f events/s (%d accepted in %.2f s), request latency p50 %.1f ms, p99 %.1f ms%n"
                        + "ProducerPerformance: %.0f records/s (%d records of %d B, acks=all, batch.size=262144, linger.ms=20)%n"
                        + "ratio ingest / producer: %.2f%n"
                        + "CPU per event, ingest: %.1f µs (this JVM: service, broker and load generator %.1f, of which JIT"
                        + " compiler threads %.1f; PostgreSQL %.1f; broker apart %.1f)%n"
                        + "CPU per record, ProducerPerformance: %.1f µs (its JVM, start-up included, %.1f; this JVM: broker %.1f;"
                        + " PostgreSQL %.1f; broker apart %.1f)%n"
                        + "CPU ratio (producer CPU per record / ingest CPU per event): %.2f%n",
                records, batches, IngestLoad.BATCH, Integer.getInteger("bench.connections", 8), load.clientName(),
                recordSize, warmupRounds, IngestLoad.WARMUP_BATCHES, run.rate(), run.accepted(), run.seconds(),
                run.percentileMillis(0.50), run.percentileMillis(0.99), producer[0], records, recordSize,
                run.rate() / producer[0],
                ingestCpu.total() / records, ingestCpu.self() / records, ingestCpu.selfJit() / records,
                ingestCpu.postgres() / records, ingestCpu.broker() / records,
                (producerCpu.total() + producer[1]) / records, producer[1] / records, producerCpu.self() / records,
                producerCpu.postgres() / records, producerCpu.broker() / records,
                (producerCpu.total() + producer[1]) / ingestCpu.total()));
        if (run.accepted() != records) {
            throw new AssertionError("not every event was accepted: " + run.accepted() + " of " + records);
        }
    }
}
