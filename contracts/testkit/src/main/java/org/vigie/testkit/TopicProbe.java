package org.vigie.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.vigie.contracts.topics.Topic;

/** Reads and writes a contracts topic on the test broker, through its typed descriptor. */
public final class TopicProbe<K, V> implements AutoCloseable {

    private final Topic<K, V> topic;
    private final KafkaConsumer<K, V> consumer;

    private TopicProbe(Topic<K, V> topic, KafkaConsumer<K, V> consumer) {
        this.topic = topic;
        this.consumer = consumer;
    }

    /** A reader positioned at the current end of the topic: it sees only what comes next. */
    public static <K, V> TopicProbe<K, V> fromNow(Topic<K, V> topic) {
        TopicProbe<K, V> probe = open(topic);
        probe.consumer.seekToEnd(probe.consumer.assignment());
        probe.consumer.assignment().forEach(probe.consumer::position);
        return probe;
    }

    /** A reader from the beginning of the topic. */
    public static <K, V> TopicProbe<K, V> fromBeginning(Topic<K, V> topic) {
        TopicProbe<K, V> probe = open(topic);
        probe.consumer.seekToBeginning(probe.consumer.assignment());
        return probe;
    }

    private static <K, V> TopicProbe<K, V> open(Topic<K, V> topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.get().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "vigie-probe-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        return new TopicProbe<>(topic, consumer);
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

    public List<ConsumerRecord<K, V>> await(int expected, Duration timeout) {
        return await(expected, r -> true, timeout);
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

    /** Writes records to the topic with acks=all, the way the platform's producers do. */
    public static <K, V> void send(Topic<K, V> topic, Map<K, V> records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.get().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (KafkaProducer<K, V> producer = new KafkaProducer<>(props, topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            records.forEach((k, v) -> producer.send(new ProducerRecord<>(topic.name(), k, v)));
            producer.flush();
        }
    }

    public Topic<K, V> topic() {
        return topic;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
