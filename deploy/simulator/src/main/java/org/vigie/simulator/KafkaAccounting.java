package org.vigie.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.vigie.contracts.json.VigieJson;

/**
 * What the broker holds, read as a consumer of the platform would (read_committed): the distinct events of the
 * telemetry topics, the signals and alerts, and whether every consumer group has caught up. The fault drills
 * compare these with what ingest acknowledged and what the receiver got.
 */
final class KafkaAccounting {

    private static final ObjectMapper JSON = VigieJson.mapper();

    private final String bootstrap;

    KafkaAccounting(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** Distinct values of a JSON field over every committed record of a topic, and the number of records. */
    record Distinct(long records, Set<String> values) {
    }

    Distinct distinct(String topic, String field) {
        Set<String> values = new HashSet<>();
        long[] records = {0};
        readAll(topic, r -> {
            records[0]++;
            try {
                JsonNode node = JSON.readTree(r.value());
                values.add(node.path(field).asText());
            } catch (IOException e) {
                values.add("unreadable@" + r.partition() + ":" + r.offset());
            }
        });
        return new Distinct(records[0], values);
    }

    /** Every committed record's JSON. */
    List<JsonNode> records(String topic) {
        List<JsonNode> all = new ArrayList<>();
        readAll(topic, r -> {
            try {
                all.add(JSON.readTree(r.value()));
            } catch (IOException e) {
                throw new IllegalStateException("unreadable record on " + topic + " at " + r.partition() + ":" + r.offset(), e);
            }
        });
        return all;
    }

    private void readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end in 5 minutes");
                }
                consumer.poll(Duration.ofMillis(500)).forEach(each);
            }
        }
    }

    private long recordsBetween(TopicPartition partition, long from, long end) {
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader()) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, from);
            long records = 0;
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (consumer.position(partition) < end && Instant.now().isBefore(deadline)) {
                records += consumer.poll(Duration.ofMillis(200)).records(partition).stream()
                        .filter(r -> r.offset() < end).count();
            }
            return records;
        }
    }

    /** A consumer that sees what the platform's consumers see (read_committed), in no group, committing nothing. */
    private KafkaConsumer<byte[], byte[]> committedReader() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Records not yet consumed by each consumer group of the platform, summed over its partitions. */
    Map<String, Long> lag() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Map<String, Long> lag = new HashMap<>();
            for (GroupListing group : admin.listGroups().all().get()) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
                if (committed.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                        admin.listOffsets(latest, new org.apache.kafka.clients.admin.ListOffsetsOptions(
                                IsolationLevel.READ_COMMITTED)).all().get();
                long behind = 0;
                for (Map.Entry<TopicPartition, OffsetAndMetadata> c : committed.entrySet()) {
                    long end = ends.get(c.getKey()).offset();
                    if (c.getValue() != null && end > c.getValue().offset()) {
                        // Offsets also number transaction markers (the drift service writes transactionally), so
                        // count the records a read_committed consumer would still get, not the offsets.
                        behind += recordsBetween(c.getKey(), c.getValue().offset(), end);
                    }
                }
                lag.put(group.groupId(), behind);
            }
            return lag;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the consumer groups: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
