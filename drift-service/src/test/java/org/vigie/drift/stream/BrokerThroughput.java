package org.vigie.drift.stream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.topics.Topics;
import org.vigie.testkit.BenchEventIds;
import org.vigie.testkit.CpuClock;
import org.vigie.testkit.KafkaBroker;

/**
 * Benchmark (not a test): topology throughput on a real broker (the test kit's in-process KRaft broker, or
 * VIGIE_KAFKA_BOOTSTRAP), with the service's Kafka Streams settings (exactly-once, RocksDB stores): registers 16
 * devices (4 inputs each) and lets the application consume the registrations, stops it, warms the JVM up on a
 * first backlog consumed untimed ({@code -Dbench.warmup}, default N / 2), pre-loads N inferences, then restarts it
 * and times it until its committed offsets cover them all; prints where the stream thread's time went and how many
 * changelog records each store wrote.
 *
 * <p>{@code BrokerThroughput N floor}: the same harness, broker, settings and backlog, with the drift topology
 * replaced by the least an exactly-once stream application can do with these inferences — read each record's
 * bytes and count it per device in one logged, cached store (16 keys). Its rate is this machine's ceiling for
 * any Kafka Streams topology on these events; the drift topology's rate is read against it.
 */
public final class BrokerThroughput {

    /** The broker's process when it runs apart (VIGIE_KAFKA_BOOTSTRAP, e.g. the local platform's): its CPU is printed. */
    private static final long BROKER_PID = Long.getLong("bench.broker.pid", -1L);

    private static final String REGISTRATIONS_BY_DEVICE = DriftTopology.REGISTRATIONS_REPARTITION + "-repartition";

    /**
     * {@code -Dbench.windows}: {@code service} (default) judges the service's windows (application.properties: 7 days
     * hopping by 1 day, 1 h of grace, performance judged 3 days after a window's end); {@code test} the acceptance
     * scenario's (2 h hopping by 1 h, no label delay): 24 times as many window judgements per event.
     */
    private static final org.vigie.drift.domain.DriftSettings SETTINGS = switch (System.getProperty("bench.windows", "service")) {
        case "service" -> org.vigie.drift.domain.DriftSettings.defaults()
                .withWindows(Duration.ofDays(7), Duration.ofDays(1), Duration.ofHours(1)).withLabelDelay(Duration.ofDays(3));
        case "test" -> FeatureShiftScenario.settings();
        default -> throw new IllegalArgumentException("-Dbench.windows: service or test, not " + System.getProperty("bench.windows"));
    };

    /** Inputs the monitor could not use, by reason (a benchmark run should drop none). */
    private static final DroppedInputs DROPPED = new DroppedInputs();

    private BrokerThroughput() {
    }

    public static void main(String[] args) throws Exception {
        PlainJvmLogging.apply();
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        boolean floor = args.length > 1 && args[1].equals("floor");
        KafkaBroker broker = KafkaBroker.get();
        String appId = "drift-bench-" + UUID.randomUUID();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        Path state = Files.createTempDirectory("drift-bench");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
             Admin admin = broker.admin()) {
            // 1. The registrations reach the monitor (through the repartition topic) first, as in production; the
            //    application then stops cleanly (checkpoint written), so phase 3 restores nothing.
            String run = appId.substring(13, 21);
            for (int d = 0; d < 16; d++) {
                String device = "bench-" + d + "-" + run;
                register(producer, device);
            }
            producer.flush();
            try (KafkaStreams streams = streams(broker, state, appId, false)) {
                streams.start();
                // Until the monitor's store holds this run's 16 (the committed offsets of the repartition topic count
                // the transaction markers too: waiting on them alone left 1-4 devices unregistered in some runs). Only
                // this run's: against a broker that kept earlier runs' registrations, the store holds those too, and
                // counting them let the timed inferences overtake this run's registrations (runs then dropped 20-29k
                // inferences as "unregistered_version"; since then the monitor keeps such inferences until their
                // registration comes, which would put that wait and a replay into the timed phase).
                long waitStart = System.nanoTime();
                while (offsets(admin, appId, REGISTRATIONS_BY_DEVICE) < 16 || registered(streams, run) < 16) {
                    if (System.nanoTime() - waitStart > 120_000_000_000L) {
                        throw new IllegalStateException("registrations not consumed after 2 min: repartition offsets "
                                + offsets(admin, appId, REGISTRATIONS_BY_DEVICE) + ", registered " + registered(streams, run)
                                + ", state " + streams.state() + "\n" + partitions(admin, appId));
                    }
                    Thread.sleep(100);
                }
                streams.close(Duration.ofSeconds(30));
            }
            // 2. Warm-up (-Dbench.warmup, default n / 2 inferences; 0 to skip): a backlog consumed untimed by the same
            //    application in this JVM, so that the timed phase does not pay the JIT compiling the stream thread's
            //    and the broker's code (in the ingest benchmark, a quarter of the JVM's CPU with a short warm-up).
            int warmup = Integer.getInteger("bench.warmup", n / 2);
            if (warmup > 0) {
                long target = writeBacklog(producer, admin, appId, 0, warmup) + warmup;
                try (KafkaStreams streams = streams(broker, state, appId, floor)) {
                    streams.start();
                    while (offsets(admin, appId, Topics.INFERENCES.name()) < target) {
                        Thread.sleep(50);
                    }
                    streams.close(Duration.ofSeconds(30));
                }
                System.out.printf("warm-up: %d inferences consumed (untimed)%n", warmup);
            }
            // 3. The backlog of n inferences of the 16 devices, after the warm-up's in event time.
            long before = writeBacklog(producer, admin, appId, warmup, n);
            // 4. Timed: the application consumes the backlog; done when its committed offsets cover it.
            try (KafkaStreams streams = streams(broker, state, appId, floor)) {
                long t0 = System.nanoTime();
                long cpu0 = processCpu();
                double broker0 = BROKER_PID > 0 ? CpuClock.processMicros(BROKER_PID) : 0;
                Map<Long, Long> threads0 = javaThreadCpu();
                streams.start();
                long target = before + n;
                long first = 0;
                long t1 = 0;
                for (long done = offsets(admin, appId, Topics.INFERENCES.name()); done < target;
                     done = offsets(admin, appId, Topics.INFERENCES.name())) {
                    if (t1 == 0 && done > before) {
                        // The first commit: start-up and assignment are behind us.
                        t1 = System.nanoTime();
                        first = done - before;
                    }
                    Thread.sleep(100); // the admin client's polls cost this process and the broker CPU: not too often
                }
                long t2 = System.nanoTime();
                double processCpu = (processCpu() - cpu0) / 1e9;
                double brokerCpu = BROKER_PID > 0 ? (CpuClock.processMicros(BROKER_PID) - broker0) / 1e6 : 0;
                double threadCpu = streamThreadCpu() / 1e9;
                Map<String, Double> split = cpuByRole(threads0);
                double seconds = (t2 - t0) / 1e9;
                double steady = (t2 - t1) / 1e9;
                System.out.printf("real broker, exactly-once, %s: %d inferences in %.1f s including start-up = %.0f events/s;"
                        + " after the first commit: %d in %.2f s = %.0f events/s%n", floor ? "floor topology (count per device)"
                        : "drift topology", n, seconds, n / seconds, n - first,
                        steady, (n - first) / steady);
                System.out.printf("  CPU: process (%s) %.1f s, stream threads %.1f s = %.1f us per event"
                        + " (%.0f events per stream-thread CPU second); load average %.1f%n",
                        System.getenv("VIGIE_KAFKA_BOOTSTRAP") == null ? "broker included" : "broker apart", processCpu, threadCpu,
                        threadCpu * 1e6 / n, n / threadCpu,
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                System.out.printf("  CPU per inference: stream threads %.1f us, process %.1f us = streams' producer I/O %.1f"
                        + " + other Java threads (broker, admin) %.1f + JVM and native (JIT, GC, RocksDB) %.1f + stream threads%n",
                        threadCpu * 1e6 / n, processCpu * 1e6 / n, split.get("producer") * 1e6 / n,
                        split.get("other") * 1e6 / n, (processCpu - split.get("java")) * 1e6 / n);
                if (BROKER_PID > 0) {
                    System.out.printf("  broker apart (-Dbench.broker.pid): %.1f s = %.1f us per inference%n", brokerCpu,
                            brokerCpu * 1e6 / n);
                }
                System.out.printf("  dropped inputs: %s%n", DROPPED);
                report(streams, admin, appId);
                streams.close(Duration.ofSeconds(30));
            }
        }
        if (!DROPPED.none()) {
            // Dropped inputs cost the topology less than monitored ones: such a run's rate is not the topology's.
            System.out.printf("NOT A MEASUREMENT: inputs were dropped %s%n", DROPPED);
            System.exit(1);
        }
        System.exit(0);
    }

    /**
     * Writes inferences {@code from} to {@code from + count} of the 16 devices (event times advancing with the index)
     * and returns the topic's end offsets before them; fails when any was not written.
     */
    private static long writeBacklog(KafkaProducer<byte[], byte[]> producer, Admin admin, String appId, int from,
                                     int count) throws Exception {
        long before = offsets(admin, null, Topics.INFERENCES.name());
        List<InferenceEvent> template = FeatureShiftScenario.inferences("x", 1);
        java.util.concurrent.atomic.AtomicLong unwritten = new java.util.concurrent.atomic.AtomicLong();
        java.util.SplittableRandom ids = new java.util.SplittableRandom(from);
        for (int i = from; i < from + count; i++) {
            InferenceEvent t = template.get(i % template.size());
            String device = "bench-" + (i % 16) + "-" + appId.substring(13, 21);
            InferenceEvent e = new InferenceEvent(t.type(), 1, BenchEventIds.next(ids), device, t.modelVersion(), t.siteId(),
                    t.siteType(), t.region(), t.occurredAt().plusSeconds(i / template.size() * 20_000L), t.caseId(),
                    t.features(), t.score(), null, Map.of(), null, null);
            producer.send(new ProducerRecord<>(Topics.INFERENCES.name(), device.getBytes(),
                    Topics.INFERENCES.valueSerde().serialize(null, e)), (metadata, error) -> {
                        if (error != null) {
                            unwritten.incrementAndGet();
                        }
                    });
        }
        producer.flush();
        if (unwritten.get() > 0) {
            throw new IllegalStateException(unwritten.get() + " of the " + count + " inferences were not written");
        }
        return before;
    }

    /**
     * One registration, written before the next: a send right after the broker's start-up once sat unanswered until
     * it expired (120 s) while later sends to the same partition succeeded, leaving devices unregistered and their
     * inferences dropped. So each write is awaited and, on a time-out, sent again.
     */
    private static void register(KafkaProducer<byte[], byte[]> producer, String device) throws Exception {
        byte[] value = Topics.DEVICE_REGISTRATIONS.valueSerde().serialize(null, FeatureShiftScenario.registration(device));
        for (int attempt = 1; ; attempt++) {
            try {
                producer.send(new ProducerRecord<>(Topics.DEVICE_REGISTRATIONS.name(), device.getBytes(), value))
                        .get(10, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                if (attempt == 3) {
                    throw new IllegalStateException("registration of " + device + " not written", e);
                }
                System.out.println("registration of " + device + " not acknowledged (" + e + "); sending it again");
            }
        }
    }

    /** Registrations in the monitor's store of the devices whose id contains {@code run}. */
    private static long registered(KafkaStreams streams, String run) {
        try {
            var store = streams.store(org.apache.kafka.streams.StoreQueryParameters.fromNameAndType(
                    DriftTopology.REGISTRATIONS_STORE, org.apache.kafka.streams.state.QueryableStoreTypes.<String, Object>keyValueStore()));
            return StoreEntries.count(store, (k, v) -> k.contains(run));
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException e) {
            return 0; // not running yet (rebalancing)
        }
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Map<Long, Long> javaThreadCpu() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<Long, Long> out = new java.util.HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            out.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
        return out;
    }

    /** Seconds of CPU since the snapshot: all Java threads, the streams' producer I/O thread, the other Java threads. */
    private static Map<String, Double> cpuByRole(Map<Long, Long> before) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double java = 0;
        double producer = 0;
        double other = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            double cpu = (Math.max(0, threads.getThreadCpuTime(info.getThreadId())) - before.getOrDefault(info.getThreadId(), 0L)) / 1e9;
            java += cpu;
            if (info.getThreadName().contains("StreamThread") && info.getThreadName().contains("producer")) {
                producer += cpu;
            } else if (!info.getThreadName().contains("StreamThread")) {
                other += cpu;
            }
        }
        return Map.of("java", java, "producer", producer, "other", other);
    }

    /** CPU time of the stream threads of the timed run (the service runs two): the application's own cost, whatever the load. */
    private static long streamThreadCpu() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().contains("StreamThread")
                        && !t.getName().contains("producer"))
                .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.getId()))).sum();
    }

    private static KafkaStreams streams(KafkaBroker broker, Path state, String appId, boolean floor) {
        StreamsBuilder builder = new StreamsBuilder();
        if (floor) {
            floor(builder);
        } else {
            DriftTopology.build(builder, SETTINGS, DROPPED, true);
        }
        return new KafkaStreams(builder.build(), DriftStreamsMain.properties(broker.bootstrapServers(), state.toString(), appId));
    }

    /** The floor topology: each inference's bytes counted per device key in a logged, cached store. */
    private static void floor(StreamsBuilder builder) {
        String store = "floor-count";
        builder.addStateStore(org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.persistentKeyValueStore(store),
                org.apache.kafka.common.serialization.Serdes.ByteArray(),
                org.apache.kafka.common.serialization.Serdes.Long()).withCachingEnabled());
        builder.stream(Topics.INFERENCES.name(), org.apache.kafka.streams.kstream.Consumed.with(
                        org.apache.kafka.common.serialization.Serdes.ByteArray(),
                        org.apache.kafka.common.serialization.Serdes.ByteArray()))
                .process(() -> new org.apache.kafka.streams.processor.api.Processor<byte[], byte[], Void, Void>() {
                    private org.apache.kafka.streams.state.KeyValueStore<byte[], Long> counts;

                    @Override
                    public void init(org.apache.kafka.streams.processor.api.ProcessorContext<Void, Void> context) {
                        counts = context.getStateStore(store);
                    }

                    @Override
                    public void process(org.apache.kafka.streams.processor.api.Record<byte[], byte[]> record) {
                        Long count = counts.get(record.key());
                        counts.put(record.key(), count == null ? 1 : count + 1);
                    }
                }, store);
    }

    /** Where the stream thread's time went (Kafka Streams' own thread metrics) and how many changelog records each store wrote. */
    private static void report(KafkaStreams streams, Admin admin, String appId) throws Exception {
        streams.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && List.of("commit-total", "commit-latency-avg",
                    "commit-latency-max", "punctuate-total", "punctuate-latency-avg", "process-total").contains(name.name())) {
                System.out.printf("  thread %-18s %.3f%n", name.name(), ((Number) metric.metricValue()).doubleValue());
            }
        });
        var changelogs = admin.listTopics().names().get().stream().filter(t -> t.startsWith(appId)).sorted().toList();
        var partitions = admin.describeTopics(changelogs).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(tp -> new org.apache.kafka.common.TopicPartition(d.name(), tp.partition())))
                .collect(java.util.stream.Collectors.toMap(tp -> tp, tp -> org.apache.kafka.clients.admin.OffsetSpec.latest()));
        var ends = admin.listOffsets(partitions).all().get();
        for (String topic : changelogs) {
            long records = ends.entrySet().stream().filter(e -> e.getKey().topic().equals(topic)).mapToLong(e -> e.getValue().offset()).sum();
            System.out.printf("  %-40s %,d records (incl. transaction markers)%n", topic.substring(appId.length() + 1), records);
        }
    }

    /** Per partition of the registrations' topics: end offset, last stable offset (read_committed) and the group's committed offset. */
    private static String partitions(Admin admin, String appId) throws Exception {
        var topics = admin.listTopics().names().get().stream()
                .filter(t -> t.equals(Topics.DEVICE_REGISTRATIONS.name()) || t.endsWith(REGISTRATIONS_BY_DEVICE)).toList();
        var tps = admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(tp -> new org.apache.kafka.common.TopicPartition(d.name(), tp.partition())))
                .collect(java.util.stream.Collectors.toMap(tp -> tp, tp -> org.apache.kafka.clients.admin.OffsetSpec.latest()));
        var ends = admin.listOffsets(tps).all().get();
        var stable = admin.listOffsets(tps, new org.apache.kafka.clients.admin.ListOffsetsOptions(
                org.apache.kafka.common.IsolationLevel.READ_COMMITTED)).all().get();
        var committed = admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get();
        StringBuilder out = new StringBuilder();
        new java.util.TreeMap<String, org.apache.kafka.common.TopicPartition>(tps.keySet().stream().collect(
                java.util.stream.Collectors.toMap(Object::toString, tp -> tp))).forEach((name, tp) -> out.append(String.format(
                "  %s end %d stable %d committed %s%n", name, ends.get(tp).offset(), stable.get(tp).offset(),
                committed.get(tp) == null ? "-" : committed.get(tp).offset())));
        var description = admin.describeTransactions(admin.listTransactions().all().get().stream()
                .map(t -> t.transactionalId()).toList()).all().get();
        description.forEach((id, d) -> out.append("  transaction ").append(id).append(' ').append(d.state())
                .append(' ').append(d.topicPartitions()).append('\n'));
        return out.toString();
    }

    /** With appId: the group's committed offsets on the topic; without: the topic's end offsets. */
    private static long offsets(Admin admin, String appId, String topic) throws Exception {
        if (appId == null) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get()
                    .get(topic).partitions().stream()
                    .map(tp -> new org.apache.kafka.common.TopicPartition(topic, tp.partition()))
                    .collect(java.util.stream.Collectors.toMap(tp -> tp, tp -> org.apache.kafka.clients.admin.OffsetSpec.latest()));
            return admin.listOffsets(partitions).all().get().values().stream().mapToLong(r -> r.offset()).sum();
        }
        return admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).entrySet()
                .stream().filter(e -> e.getKey().topic().endsWith(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }
}
