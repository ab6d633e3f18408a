package org.vigie.contracts.topics;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.vigie.contracts.json.JsonSerde;

/**
 * A typed topic descriptor: the one place a topic is named, with its key and value types, serdes and the
 * settings it is created with. Producers and consumers refer to the descriptor, never to the name.
 *
 * @param key         the short name used in configuration ({@code vigie.topic.<key>})
 * @param retention   how long records are kept; null for forever (compacted topics)
 */
public record Topic<K, V>(
        String key,
        String name,
        Class<K> keyType,
        Class<V> valueType,
        Serde<K> keySerde,
        JsonSerde<V> valueSerde,
        int partitions,
        CleanupPolicy cleanupPolicy,
        Duration retention,
        String description) {

    public enum CleanupPolicy {
        DELETE("delete"), COMPACT("compact");

        private final String kafkaValue;

        CleanupPolicy(String kafkaValue) {
            this.kafkaValue = kafkaValue;
        }

        public String kafkaValue() {
            return kafkaValue;
        }
    }

    public Topic {
        if (!name.matches("vigie\\.[a-z][a-z0-9-]*\\.v[0-9]+")) {
            throw new IllegalArgumentException("Topic names follow vigie.<name>.v<major>: " + name);
        }
    }

    /** The topic-level configuration it is created with. */
    public Map<String, String> configs() {
        return Map.of(
                "cleanup.policy", cleanupPolicy.kafkaValue(),
                "retention.ms", retention == null ? "-1" : Long.toString(retention.toMillis()),
                "min.insync.replicas", "1");
    }
}
