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
import org.vigie.testkit.KafkaBroker;

/**
 * Benchmark (not a test): topology throughput on a real broker (the test kit's in-process KRaft broker, or
 * VIGIE_KAFKA_BOOTSTRAP), exactly-once, RocksDB stores. Pre-loads N inferences of 16 devices (4 inputs each),
 * then starts the topology and times it until its committed offsets cover them all.
 */
public final class BrokerThroughput {

    private BrokerThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        KafkaBroker broker = KafkaBroker.get();
        String appId = "drift-bench-" + UUID.randomUUID();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        long before;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
             Admin admin = broker.admin()) {
            before = offsets(admin, null);
            for (int d = 0; d < 16; d++) {
                String device = "bench-" + d + "-" + appId.substring(13, 21);
                producer.send(new ProducerRecord<>(Topics.DEVICE_REGISTRATIONS.name(), device.getBytes(),
                        Topics.DEVICE_REGISTRATIONS.valueSerde().serialize(null, FeatureShiftScenario.registration(device))));
            }
            List<InferenceEvent> template = FeatureShiftScenario.inferences("x", 1);
            for (int i = 0; i < n; i++) {
                InferenceEvent t = template.get(i % template.size());
                String device = "bench-" + (i % 16) + "-" + appId.substring(13, 21);
                InferenceEvent e = new InferenceEvent(t.type(), 1, UUID.randomUUID(), device, t.modelVersion(), t.siteId(),
                        t.siteType(), t.region(), t.occurredAt().plusSeconds(i / template.size() * 20_000L), t.caseId(),
                        t.features(), t.score(), null, Map.of(), null, null);
                producer.send(new ProducerRecord<>(Topics.INFERENCES.name(), device.getBytes(),
                        Topics.INFERENCES.valueSerde().serialize(null, e)));
            }
            producer.flush();
            Path state = Files.createTempDirectory("drift-bench");
            StreamsBuilder builder = new StreamsBuilder();
            DriftTopology.build(builder, FeatureShiftScenario.settings(), DriftTelemetry.NONE, true);
            try (KafkaStreams streams = new KafkaStreams(builder.build(), DriftStreamsMain.properties(broker.bootstrapServers(),
                    state.toString(), appId))) {
                long t0 = System.nanoTime();
                streams.start();
                long target = before + n;
                while (offsets(admin, appId) < target) {
                    Thread.sleep(200);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("real broker, exactly-once: %d inferences in %.1f s (including start-up and assignment) = %.0f events/s%n",
                        n, seconds, n / seconds);
                streams.close(Duration.ofSeconds(30));
            }
        }
        System.exit(0);
    }

    /** With appId: the group's committed offsets on the inference topic; without: the topic's end offsets. */
    private static long offsets(Admin admin, String appId) throws Exception {
        if (appId == null) {
            var partitions = admin.describeTopics(List.of(Topics.INFERENCES.name())).allTopicNames().get()
                    .get(Topics.INFERENCES.name()).partitions().stream()
                    .map(tp -> new org.apache.kafka.common.TopicPartition(Topics.INFERENCES.name(), tp.partition()))
                    .collect(java.util.stream.Collectors.toMap(tp -> tp, tp -> org.apache.kafka.clients.admin.OffsetSpec.latest()));
            return admin.listOffsets(partitions).all().get().values().stream().mapToLong(r -> r.offset()).sum();
        }
        return admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).entrySet()
                .stream().filter(e -> e.getKey().topic().equals(Topics.INFERENCES.name()) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }
}
