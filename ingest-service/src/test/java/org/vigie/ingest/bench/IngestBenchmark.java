package org.vigie.ingest.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.topics.Topics;
import org.vigie.ingest.support.Fixtures;
import org.vigie.ingest.support.IngestTestResource;
import org.vigie.testkit.TestTokens;

/**
 * Ingest throughput against Kafka's own producer, on the same broker, in the same run: a load generator posts
 * batches of 500 inference events over keep-alive HTTP to the running service; then
 * {@code org.apache.kafka.tools.ProducerPerformance} writes the same number of records of the same size to
 * the same topic (acks=all, batch.size=262144, linger.ms=20). Prints both rates, their ratio and the ingest
 * p50/p99 request latency. Not part of the default test run: {@code ../mvnw -B test -Pbench}.
 *
 * <p>Tunables (system properties): {@code bench.batches} (default 600, i.e. 300,000 events: at 100,000
 * ProducerPerformance had not reached its steady rate and the ratio read ~1.5x too high), {@code bench.connections} (8),
 * {@code bench.client} ({@code minimal} for {@link KeepAlivePoster} instead of the JDK HttpClient).
 */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
@Tag("bench")
class IngestBenchmark {

    static final int BATCH = 500;
    static final int WARMUP_BATCHES = 60;
    static final Pattern PERF = Pattern.compile("(\\d+) records sent, ([0-9.]+) records/sec");
    static final Pattern ACCEPTED = Pattern.compile("\"accepted\":(\\d+)");
    /** {@code -Dbench.client=minimal}: post with the minimal keep-alive poster instead of the JDK HttpClient. */
    static final boolean JDK_CLIENT = !"minimal".equals(System.getProperty("bench.client"));

    @TestHTTPResource("/v1/events")
    URI events;

    @Test
    void ingest_rate_against_producer_performance() throws Exception {
        int batches = Integer.getInteger("bench.batches", 600);
        int connections = Integer.getInteger("bench.connections", 8);
        String manufacturer = Fixtures.unique("bench");
        String device = Fixtures.unique("bench");
        Fixtures.register(device, manufacturer);
        String token = TestTokens.device(device, manufacturer);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        // Bodies are built before the clock starts: the generator's cost is not the service's.
        int recordSize = Fixtures.inference(device).toString().getBytes(StandardCharsets.UTF_8).length;
        List<byte[]> bodies = bodies(device, batches);
        String url = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.datasource.reactive.url", String.class);
        String database = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        int warmupRounds = warmUp(client, token, device, connections, database);

        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        CpuClock.Reading before = CpuClock.read(database);
        long start = System.nanoTime();
        int accepted = run(client, token, bodies, connections, latencies);
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuClock.Reading ingestCpu = CpuClock.read(database).minus(before);
        double ingestRate = accepted / seconds;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);

        long records = (long) batches * BATCH;
        CpuClock.Reading beforeProducer = CpuClock.read(database);
        double[] producer = producerPerformance(records, recordSize);
        double producerRate = producer[0];
        CpuClock.Reading producerCpu = CpuClock.read(database).minus(beforeProducer);
        String report = String.format(Locale.ROOT, "%n== ingest benchmark ==%n"
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
                records, batches, BATCH, connections, JDK_CLIENT ? "JDK HttpClient" : "minimal HTTP/1.1 poster",
                recordSize, warmupRounds, WARMUP_BATCHES, ingestRate, accepted, seconds,
                percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, producerRate, records, recordSize,
                ingestRate / producerRate,
                ingestCpu.total() / records, ingestCpu.jvmMicros() / records, ingestCpu.jitMicros() / records,
                ingestCpu.postgresMicros() / records, ingestCpu.brokerMicros() / records,
                (producerCpu.total() + producer[1]) / records, producer[1] / records, producerCpu.jvmMicros() / records,
                producerCpu.postgresMicros() / records, producerCpu.brokerMicros() / records,
                (producerCpu.total() + producer[1]) / ingestCpu.total());
        System.out.println(report);
        if (accepted != records) {
            throw new AssertionError("not every event was accepted: " + accepted + " of " + records);
        }
    }

    /**
     * Warms the service up until the JIT compilers have settled: a service in production has compiled its hot path
     * long before, and a timed phase that still pays the compilers (a quarter of this JVM's CPU with the former fixed
     * warm-up of 60 batches) measures the start-up, not the service. Rounds of {@value #WARMUP_BATCHES} batches until
     * the compiler threads take under 5 % of this JVM's CPU in a round, at most {@code bench.warmup.rounds} (default
     * 8); their CPU in the timed phase is printed with the results.
     */
    private int warmUp(HttpClient client, String token, String device, int connections, String database)
            throws Exception {
        int maxRounds = Integer.getInteger("bench.warmup.rounds", 8);
        int rounds = 0;
        while (rounds < maxRounds) {
            List<byte[]> warmup = bodies(device, WARMUP_BATCHES);
            CpuClock.Reading before = CpuClock.read(database);
            run(client, token, warmup, connections, new ArrayList<>());
            rounds++;
            CpuClock.Reading spent = CpuClock.read(database).minus(before);
            double share = spent.jitMicros() / spent.jvmMicros();
            System.out.printf(Locale.ROOT, "warm-up round %d: JIT compiler threads %.0f %% of this JVM's CPU%n", rounds,
                    100 * share);
            if (share < 0.05) {
                break;
            }
        }
        return rounds;
    }

    private static List<byte[]> bodies(String device, int n) {
        List<byte[]> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ArrayNode batch = Fixtures.inferences(device, BATCH);
            bodies.add(batch.toString().getBytes(StandardCharsets.UTF_8));
        }
        return bodies;
    }

    private int run(HttpClient client, String token, List<byte[]> bodies, int connections, List<Long> latencies)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                workers.add(pool.submit(() -> {
                    KeepAlivePoster poster = JDK_CLIENT ? null : new KeepAlivePoster(events, token);
                    try {
                        int i;
                        while ((i = next.getAndIncrement()) < bodies.size()) {
                            long t0 = System.nanoTime();
                            int status;
                            String body;
                            if (poster == null) {
                                HttpRequest request = HttpRequest.newBuilder(events).timeout(Duration.ofSeconds(60))
                                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build();
                                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                                status = response.statusCode();
                                body = response.body();
                            } else {
                                KeepAlivePoster.Answer answer = poster.post(bodies.get(i));
                                status = answer.status();
                                body = answer.body();
                            }
                            latencies.add(System.nanoTime() - t0);
                            if (status != 200) {
                                throw new IllegalStateException("status " + status + ": " + body);
                            }
                            Matcher m = ACCEPTED.matcher(body);
                            if (m.find()) {
                                accepted.addAndGet(Integer.parseInt(m.group(1)));
                            }
                        }
                    } finally {
                        if (poster != null) {
                            poster.close();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return accepted.get();
    }

    /** Runs Kafka's ProducerPerformance in a JVM of its own against the same broker and topic. */
    private static double[] producerPerformance(long records, int recordSize) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.apache.kafka.tools.ProducerPerformance",
                "--topic", Topics.INFERENCES.name(), "--num-records", Long.toString(records),
                "--record-size", Integer.toString(recordSize), "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + IngestTestResource.bootstrapServers(), "acks=all",
                "batch.size=262144", "linger.ms=20");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        double rate = -1;
        double childMicros = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println("[ProducerPerformance] " + line);
                Matcher m = PERF.matcher(line);
                if (m.find() && Long.parseLong(m.group(1)) == records) {
                    rate = Double.parseDouble(m.group(2));
                    // Its summary is its last work: its CPU now is (within its exit) what the run cost it.
                    childMicros = CpuClock.processMicros(process.pid());
                }
            }
        }
        process.waitFor();
        if (rate < 0) {
            throw new IllegalStateException("ProducerPerformance printed no summary line");
        }
        return new double[] {rate, childMicros};
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
