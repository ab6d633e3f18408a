package org.vigie.drift.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.vigie.contracts.topics.Topic;

/** For the tests that run the drift application on a real broker: write its inputs, wait for what it consumed. */
final class AppOnBroker {

    private AppOnBroker() {
    }

    /** An idempotent producer (acks=all) of serialized keys and values. */
    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends one value with the topic's serdes (not flushed). */
    static <V> void send(KafkaProducer<byte[], byte[]> producer, Topic<String, V> topic, String key, V value) {
        producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
                topic.valueSerde().serialize(topic.name(), value)));
    }

    /** Waits until the application's committed offsets on the matching topics sum to at least {@code count}. */
    static void awaitConsumed(Admin admin, String appId, Predicate<String> topic, long count, Duration timeout)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        long consumed = 0;
        while (Instant.now().isBefore(deadline)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(appId)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            consumed = offsets.entrySet().stream().filter(e -> topic.test(e.getKey().topic()) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
            if (consumed >= count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the application consumed only " + consumed + " of " + count + " records in " + timeout);
    }
}
