package org.vigie.observatory.bench;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.UsageAction;
import org.vigie.contracts.events.UsageEvent;
import org.vigie.contracts.topics.Topics;
import org.vigie.observatory.it.GrafanaRoleResource;
import org.vigie.observatory.it.Metrics;
import org.vigie.observatory.it.Telemetry;
import org.vigie.testkit.BenchEventIds;
import org.vigie.testkit.KafkaBroker;
import org.vigie.testkit.VigieTestResource;

/**
 * Rollup path throughput on the real broker and database (not in the default run):
 * {@code ../mvnw -B -o test -Dtest=RollupBenchmark -Dbench.events=400000}. Writes inference and usage events
 * (2:1) for 200 devices over 1,000 sites ({@link #produce}) to Kafka, and measures from the first write until every event is in the
 * rollups. Prints events/s and what the runs cost (rows written, WAL, CPU); see BENCHMARKS.md, which runs it with
 * the public views refreshed as in production ({@code -D%test.vigie.observatory.views-refresh-seconds=60}: the
 * tests' 2 s would recompute the suppression of the growing benchmark day continuously).
 */
@QuarkusTest
@WithTestResource(VigieTestResource.class)
@WithTestResource(GrafanaRoleResource.class)
class RollupBenchmark {

    /**
     * What a run cost besides time: rows written to the observatory's tables (pg_stat_user_tables, flushed by
     * the backends at least every second: read after a pause), WAL bytes (whole server: other databases too), CPU
     * seconds of this JVM (the service and the producer) and of every PostgreSQL process (its server may serve
     * other tests at the same time), and the load average.
     */
    record Footprint(long rowWrites, long walBytes, double jvmCpu, double pgCpu, double load, Map<String, Double> threads) {
        static Footprint now() {
            try {
                Thread.sleep(1_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long rows = Telemetry.number("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
                    + " FROM pg_stat_user_tables WHERE schemaname = 'observatory'");
            long wal = Telemetry.number("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn");
            return new Footprint(rows, wal, jvmCpuSeconds(), postgresCpu(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    ThreadCpu.INSTANCE.byRole());
        }

        /** CPU seconds of this JVM so far. */
        static double jvmCpuSeconds() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
        }

        static double postgresCpu() {
            double ticks = 0;
            java.io.File[] procs = new java.io.File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
            for (java.io.File proc : procs == null ? new java.io.File[0] : procs) {
                try {
                    String stat = java.nio.file.Files.readString(proc.toPath().resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(stat.indexOf('(') + 1, close);
                    if (name.startsWith("postgres")) {
                        String[] f = stat.substring(close + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                    }
                } catch (java.io.IOException | RuntimeException ignored) {
                    // gone, or not ours to read
                }
            }
            return ticks / 100.0; // USER_HZ
        }
    }

    /**
     * CPU seconds of this JVM's threads by role, so that the service's share can be told from the benchmark's
     * producer and the in-JVM broker: every live thread's CPU time is read every 200 ms and the last reading of a
     * thread is kept after it ends (so a thread that ended loses at most 200 ms). What no Java thread accounts for
     * (GC, JIT compilers) is the JVM total minus the threads.
     */
    static final class ThreadCpu {
        static final ThreadCpu INSTANCE = new ThreadCpu();
        private final Map<Long, String> names = new ConcurrentHashMap<>();
        private final Map<Long, Long> nanos = new ConcurrentHashMap<>();

        private ThreadCpu() {
            Thread sampler = new Thread(() -> {
                while (true) {
                    sample();
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-thread-cpu");
            sampler.setDaemon(true);
            sampler.start();
        }

        private synchronized void sample() {
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
                if (info != null) {
                    long cpu = mx.getThreadCpuTime(info.getThreadId());
                    if (cpu >= 0) {
                        names.put(info.getThreadId(), info.getThreadName());
                        nanos.put(info.getThreadId(), cpu);
                    }
                }
            }
        }

        static String role(String thread) {
            if (thread.startsWith("vert.x-") || thread.startsWith("executor-thread")
                    || thread.startsWith("smallrye-kafka-consumer-thread")) {
                return "service";
            }
            if (thread.equals("main") || thread.startsWith("kafka-producer-network-thread")) {
                return "producer";
            }
            return "broker and other threads";
        }

        synchronized Map<String, Double> byRole() {
            sample();
            Map<String, Double> roles = new java.util.TreeMap<>();
            double threads = 0;
            for (Map.Entry<Long, Long> e : nanos.entrySet()) {
                roles.merge(role(names.get(e.getKey())), e.getValue() / 1e9, Double::sum);
                threads += e.getValue() / 1e9;
            }
            roles.put("GC, JIT (no Java thread)", Footprint.jvmCpuSeconds() - threads);
            return roles;
        }
    }

    /** The service's counter of events applied as fresh. */
    static double applied() {
        return Metrics.value("vigie_observatory_events_applied_total", "outcome=\"fresh\"");
    }

    private static void awaitApplied(double target, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (applied() < target && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Test
    void rollupPathThroughput() {
        ThreadCpu.INSTANCE.byRole();
        int total = Integer.getInteger("bench.events", 400_000);
        System.out.printf("BENCH rollup: %d events a run, %s%n", total, shape());
        for (int run = 0; run < Integer.getInteger("bench.runs", 3); run++) {
            String prefix = "bench" + run + "-" + System.nanoTime();
            Footprint before = Footprint.now();
            double appliedBefore = applied();
            long started = System.nanoTime();
            int[] sent = produce(KafkaBroker.get().bootstrapServers(), prefix, total, run);
            int inferences = sent[0];
            int usages = sent[1];
            long produced = System.nanoTime();
            // Wait on the service's counter of applied events (a scan of the growing rollup tables every 200 ms cost
            // PostgreSQL CPU that the slower code paid longer), then check the rollups once.
            awaitApplied(appliedBefore + inferences + usages, Duration.ofMinutes(10));
            Telemetry.awaitNumber("SELECT coalesce(sum(inferences), 0) FROM observatory.inference_day WHERE device_id LIKE '"
                    + prefix + "-%'", inferences, Duration.ofMinutes(10));
            Telemetry.awaitNumber("SELECT coalesce(sum(viewed + accepted + overridden + ignored), 0) FROM observatory.usage_day"
                    + " WHERE device_id LIKE '" + prefix + "-%'", usages, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - started) / 1e9;
            Footprint after = Footprint.now();
            int events = inferences + usages;
            System.out.printf("BENCH footprint run %d: load %.1f -> %.1f, %.2f row writes/event (PostgreSQL tables of"
                            + " observatory), %.0f WAL bytes/event (whole server), CPU s: test JVM (service + producer) %.1f,"
                            + " PostgreSQL (all its processes) %.1f%n", run, before.load(), after.load(),
                    (after.rowWrites() - before.rowWrites()) / (double) events, (after.walBytes() - before.walBytes()) / (double) events,
                    after.jvmCpu() - before.jvmCpu(), after.pgCpu() - before.pgCpu());
            StringBuilder perEvent = new StringBuilder();
            after.threads().forEach((role, cpu) -> perEvent.append(String.format(", %s %.1f",
                    role, (cpu - before.threads().getOrDefault(role, 0.0)) * 1e6 / events)));
            System.out.printf("BENCH cpu run %d: µs per event: JVM %.1f%s; PostgreSQL %.1f%n", run,
                    (after.jvmCpu() - before.jvmCpu()) * 1e6 / events, perEvent, (after.pgCpu() - before.pgCpu()) * 1e6 / events);
            System.out.printf("BENCH rollup run %d: %d events (%d inferences, %d usages) made and produced in %.1f s, all in rollups"
                            + " after %.1f s: %.0f events/s%n", run, inferences + usages, inferences,
                    usages, (produced - started) / 1e9, seconds, (inferences + usages) / seconds);
        }
    }

    /**
     * Where the events come from ({@code -Dbench.deployments}): {@code 2500} (the default) device-site deployments
     * of 200 devices over 1,000 sites — each device at 12–13 sites, each site running 2–3 devices, the fleet of
     * {@code ApiQueryBenchmark}'s 1M events/day —, or {@code 0}: every device at every site, so that nearly every
     * event opens an hour cell and a day cell of its own (the worst case for the rollups, and this benchmark's only
     * shape before 2026-11-28 19:00).
     */
    static final int DEPLOYMENTS = Integer.getInteger("bench.deployments", 2_500);

    /**
     * The event times over the run's day ({@code -Dbench.times}): {@code ordered} (the default), advancing through the
     * day as the run goes, each up to 10 minutes early or late — a fleet's stream as it happens, or a day's backlog
     * replayed in order —; or {@code random}, uniform over the day, so that every poll touches cells of every hour
     * (the worst case, and this benchmark's only order before 2026-11-28 19:10).
     */
    static final String TIMES = System.getProperty("bench.times", "ordered");

    static {
        if (!TIMES.equals("ordered") && !TIMES.equals("random")) {
            throw new IllegalArgumentException("-Dbench.times is ordered or random: " + TIMES);
        }
    }

    /** The benchmark's fleet shape, event times and ids, for the printed figures. */
    static String shape() {
        return (DEPLOYMENTS > 0 ? DEPLOYMENTS + " device-site deployments" : "every device at every site")
                + " (200 devices, 1,000 sites), event times " + TIMES + " over one day, event ids " + BenchEventIds.KIND;
    }

    /**
     * Writes {@code total} inference and usage events (2:1) for 200 devices over 1,000 sites ({@link #DEPLOYMENTS}),
     * one day of event times ({@link #TIMES}), to Kafka, as they are made; returns {inferences, usages}.
     */
    static int[] produce(String bootstrapServers, String prefix, int total, int seed) {
        Random random = new Random(seed);
        Instant day = Instant.parse("2025-11-03T00:00:00Z");
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Events are made as they are sent, not kept: 300,000 events held in lists were ~150 MB of the test JVM's
        // 1 GB heap (shared with the service and the broker), and kept the collector marking during every run.
        int inferences = 0;
        int usages = 0;
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        org.apache.kafka.clients.producer.Callback failed = (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        };
        try (KafkaProducer<String, InferenceEvent> p = new KafkaProducer<>(props, Topics.INFERENCES.keySerde().serializer(),
                Topics.INFERENCES.valueSerde().serializer());
             KafkaProducer<String, UsageEvent> u = new KafkaProducer<>(props, Topics.USAGES.keySerde().serializer(),
                     Topics.USAGES.valueSerde().serializer())) {
            for (int i = 0; inferences + usages < total; i++) {
                int deployment = DEPLOYMENTS > 0 ? random.nextInt(DEPLOYMENTS) : -1;
                String device = prefix + "-d" + (deployment >= 0 ? deployment % 200 : random.nextInt(200));
                int site = deployment >= 0 ? (int) ((deployment * 7_919L) % 1_000) : random.nextInt(1_000);
                UUID id = BenchEventIds.next(random);
                Instant at = day.plusSeconds(TIMES.equals("random") ? random.nextInt(86_400)
                        : Math.max(0, Math.min(86_399, (long) inferences * 3 * 86_400 / (2L * total) + random.nextInt(1_201) - 600)));
                p.send(new ProducerRecord<>(Topics.INFERENCES.name(), device, new InferenceEvent(null, 1, id, device,
                        "1." + (site % 3), "s" + site, "chu", "r" + (site % 18), at, "c", null, 0.5, 1, null,
                        50.0 + random.nextInt(500), random.nextInt(3) == 0 ? 30.0 : null)), failed);
                inferences++;
                if (i % 2 == 0) {
                    u.send(new ProducerRecord<>(Topics.USAGES.name(), device, new UsageEvent(null, 1,
                            BenchEventIds.next(random), device, "1." + (site % 3), "s" + site,
                            "r" + (site % 18), at, id, UsageAction.values()[random.nextInt(4)], "md", "radiology")), failed);
                    usages++;
                }
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the broker did not take every event", failure.get());
        }
        return new int[] {inferences, usages};
    }
}
