package org.vigie.ingest.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vigie.contracts.topics.Topics;
import org.vigie.ingest.support.Fixtures;
import org.vigie.testkit.BenchEventIds;
import org.vigie.testkit.CpuClock;

/**
 * The load of the ingest benchmarks, wherever the service runs (in the test JVM, {@link IngestBenchmark}, or as the
 * local platform's process, {@link PlatformIngestBenchmark}): batches of {@value #BATCH} inference events built
 * before the clock starts, posted over keep-alive HTTP/1.1 connections; the warm-up until the JIT settles; and
 * Kafka's {@code ProducerPerformance} writing as many records of the same size to the same broker.
 */
final class IngestLoad {

    static final int BATCH = 500;
    static final int WARMUP_BATCHES = 60;
    private static final Pattern PERF = Pattern.compile("(\\d+) records sent, ([0-9.]+) records/sec");
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\":(\\d+)");

    /** A registered device and its bearer token. */
    record Device(String id, String token) {
    }

    /** One request: a batch of one device's events, and the token it is sent with. */
    record Body(byte[] bytes, String token) {
    }

    /** What a run measured: events accepted, seconds, and each request's latency in nanoseconds, sorted. */
    record Run(int accepted, double seconds, List<Long> latencies) {
        double rate() {
            return accepted / seconds;
        }

        double percentileMillis(double p) {
            if (latencies.isEmpty()) {
                return 0;
            }
            int index = (int) Math.ceil(p * latencies.size()) - 1;
            return latencies.get(Math.max(0, Math.min(latencies.size() - 1, index))) / 1e6;
        }
    }

    private final URI events;
    private final int connections;
    /** The JDK HttpClient, or the minimal poster ({@link KeepAlivePoster}) when null. */
    private final HttpClient client;

    IngestLoad(URI events, int connections, boolean jdkClient) {
        this.events = events;
        this.connections = connections;
        this.client = jdkClient ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build() : null;
    }

    String clientName() {
        return client != null ? "JDK HttpClient" : "minimal HTTP/1.1 poster";
    }

    /** The size of one serialized inference event, for ProducerPerformance's records. */
    static int recordSize(String device) {
        return Fixtures.inference(device).toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** {@code n} batches of {@value #BATCH} new inference events, the devices taking turns. */
    static List<Body> bodies(List<Device> devices, int n) {
        List<Body> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Device device = devices.get(i % devices.size());
            ArrayNode batch = Fixtures.inferences(device.id(), BATCH);
            // Time-ordered ids (-Dbench.ids, BenchEventIds) replace the fixtures' random ones.
            if (BenchEventIds.timeOrdered()) {
                batch.forEach(e -> ((ObjectNode) e).put("eventId",
                        BenchEventIds.next(ThreadLocalRandom.current()).toString()));
            }
            bodies.add(new Body(batch.toString().getBytes(StandardCharsets.UTF_8), device.token()));
        }
        return bodies;
    }

    /**
     * Warms the service up until the JIT compilers have settled: a service in production has compiled its hot path
     * long before, and a timed phase that still pays the compilers measures the start-up, not the service. Rounds of
     * {@value #WARMUP_BATCHES} batches until the compiler threads take under 5 % of the service JVM's CPU in a round,
     * at most {@code maxRounds}; returns the rounds run.
     */
    int warmUp(List<Device> devices, CpuClock clock, int maxRounds) throws Exception {
        int rounds = 0;
        while (rounds < maxRounds) {
            List<Body> warmup = bodies(devices, WARMUP_BATCHES);
            CpuClock.Reading before = clock.read();
            run(warmup);
            rounds++;
            double share = clock.serviceJitShare(clock.read().minus(before));
            System.out.printf(Locale.ROOT, "warm-up round %d: JIT compiler threads %.0f %% of the service JVM's CPU%n",
                    rounds, 100 * share);
            if (share < 0.05) {
                break;
            }
        }
        return rounds;
    }

    /** Posts every body over the connections, each taking the next body when its answer is in; any non-200 fails. */
    Run run(List<Body> bodies) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>(bodies.size()));
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                workers.add(pool.submit(() -> {
                    KeepAlivePoster poster = client == null ? new KeepAlivePoster(events) : null;
                    try {
                        int i;
                        while ((i = next.getAndIncrement()) < bodies.size()) {
                            Body body = bodies.get(i);
                            long t0 = System.nanoTime();
                            int status;
                            String answer;
                            if (poster == null) {
                                HttpRequest request = HttpRequest.newBuilder(events).timeout(Duration.ofSeconds(60))
                                        .header("Authorization", "Bearer " + body.token())
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build();
                                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                                status = response.statusCode();
                                answer = response.body();
                            } else {
                                KeepAlivePoster.Answer a = poster.post(body.bytes(), body.token());
                                status = a.status();
                                answer = a.body();
                            }
                            latencies.add(System.nanoTime() - t0);
                            if (status != 200) {
                                throw new IllegalStateException("status " + status + ": " + answer);
                            }
                            Matcher m = ACCEPTED.matcher(answer);
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
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Run(accepted.get(), seconds, sorted);
    }

    /**
     * Runs Kafka's ProducerPerformance in a JVM of its own against the broker and the inference topic; returns its
     * rate (records/s) and its JVM's CPU (µs, start-up included).
     */
    static double[] producerPerformance(String bootstrapServers, long records, int recordSize) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.apache.kafka.tools.ProducerPerformance",
                "--topic", Topics.INFERENCES.name(), "--num-records", Long.toString(records),
                "--record-size", Integer.toString(recordSize), "--throughput", "-1",
                "--producer-props", "bootstrap.servers=" + bootstrapServers, "acks=all",
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
}
