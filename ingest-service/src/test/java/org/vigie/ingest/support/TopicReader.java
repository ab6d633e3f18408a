package org.vigie.ingest.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.vigie.contracts.topics.Topic;

/**
 * The test kit's TopicProbe, reading the broker the application was given by {@link IngestTestResource}
 * (TopicProbe asks the kit's per-class-loader broker, which after a Quarkus restart is another one).
 */
public final class TopicReader<K, V> implements AutoCloseable {

    private final KafkaConsumer<K, V> consumer;

    private TopicReader(KafkaConsumer<K, V> consumer) {
        this.consumer = consumer;
    }

    /** A reader positioned at the current end of the topic: it sees only what comes next. */
    public static <K, V> TopicReader<K, V> fromNow(Topic<K, V> topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, IngestTestResource.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "ingest-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return new TopicReader<>(consumer);
    }

    /** Polls until {@code expected} records matching the filter arrived, or the timeout passed. */
    public List<ConsumerRecord<K, V>> await(int expected, Predicate<ConsumerRecord<K, V>> filter, Duration timeout) {
        List<ConsumerRecord<K, V>> received = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        while (received.size() < expected && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(200))) {
                if (filter.test(record)) {
                    received.add(record);
                }
            }
        }
        return received;
    }

    /** Everything that arrives during {@code quietPeriod}: to show that nothing (more) came. */
    public List<ConsumerRecord<K, V>> drain(Duration quietPeriod) {
        List<ConsumerRecord<K, V>> received = new ArrayList<>();
        Instant deadline = Instant.now().plus(quietPeriod);
        while (Instant.now().isBefore(deadline)) {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        }
        return received;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
