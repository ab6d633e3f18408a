package org.vigie.drift.stream;

import java.time.Instant;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.UsageEvent;

/**
 * Event time: windows follow when things happened at the site, not when Kafka received them. A
 * registration is timeless configuration: timestamp 0, so it never moves stream time (a registration
 * sent today must not close the windows of events replayed from last month) and sorts first.
 */
final class EventTimestamps implements TimestampExtractor {

    static final EventTimestamps INFERENCE = new EventTimestamps(v -> ((InferenceEvent) v).occurredAt());
    static final EventTimestamps OUTCOME = new EventTimestamps(v -> ((OutcomeEvent) v).observedAt());
    static final EventTimestamps USAGE = new EventTimestamps(v -> ((UsageEvent) v).occurredAt());
    static final TimestampExtractor REGISTRATION = (record, partitionTime) -> 0L;

    private final Function<Object, Instant> time;

    private EventTimestamps(Function<Object, Instant> time) {
        this.time = time;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Instant t = record.value() == null ? null : time.apply(record.value());
        if (t != null && t.toEpochMilli() >= 0) {
            return t.toEpochMilli();
        }
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(0, partitionTime);
    }
}
