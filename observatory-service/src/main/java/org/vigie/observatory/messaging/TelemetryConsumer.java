package org.vigie.observatory.messaging;

import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.UsageEvent;
import org.vigie.contracts.topics.Topic;
import org.vigie.contracts.topics.Topics;
import org.vigie.observatory.store.RollupWriter;
import org.vigie.observatory.store.TelemetryBatch;

/**
 * Reads the four telemetry topics as one channel, in large batches (decoded as Kafka polls them,
 * {@link TelemetryDecoder}): each poll becomes one transaction of
 * multi-row upserts ({@link RollupWriter}), acknowledged — and its offsets committed — only after it committed.
 * One channel rather than four so that an inference and its outcome in the same poll are applied in order, and
 * so that the rollup tables have a single writer per instance. A record that cannot be read is counted and
 * skipped (it will never become readable); a database failure is retried, then fails the channel (health
 * DOWN) rather than skipping data.
 */
@ApplicationScoped
public class TelemetryConsumer {

    private static final Logger LOG = Logger.getLogger(TelemetryConsumer.class);

    private final RollupWriter writer;
    private final ObservatoryMetrics metrics;

    public TelemetryConsumer(RollupWriter writer, ObservatoryMetrics metrics) {
        this.writer = writer;
        this.metrics = metrics;
    }

    @Incoming("telemetry")
    public Uni<Void> consume(KafkaRecordBatch<String, Object> batch) {
        List<InferenceEvent> inferences = new ArrayList<>();
        List<UsageEvent> usages = new ArrayList<>();
        List<OutcomeEvent> outcomes = new ArrayList<>();
        List<FeedbackEvent> feedback = new ArrayList<>();
        for (KafkaRecord<String, Object> record : batch.getRecords()) {
            String topic = record.getTopic();
            if (Topics.INFERENCES.name().equals(topic)) {
                take(record, Topics.INFERENCES, InferenceEvent.class,
                        e -> e.eventId() != null && e.deviceId() != null && e.occurredAt() != null, inferences);
            } else if (Topics.USAGES.name().equals(topic)) {
                take(record, Topics.USAGES, UsageEvent.class, e -> e.eventId() != null && e.deviceId() != null
                        && e.occurredAt() != null && e.action() != null, usages);
            } else if (Topics.OUTCOMES.name().equals(topic)) {
                take(record, Topics.OUTCOMES, OutcomeEvent.class, e -> e.eventId() != null && e.deviceId() != null,
                        outcomes);
            } else if (Topics.FEEDBACK.name().equals(topic)) {
                take(record, Topics.FEEDBACK, FeedbackEvent.class, e -> e.eventId() != null && e.deviceId() != null
                        && e.reportedAt() != null, feedback);
            }
        }
        TelemetryBatch decoded = new TelemetryBatch(inferences, usages, outcomes, feedback);
        if (decoded.size() == 0) {
            return BatchAcks.settled(batch, Uni.createFrom().voidItem());
        }
        Timer.Sample sample = Timer.start();
        return BatchAcks.settled(batch, writer.apply(decoded)
                .invoke(applied -> {
                    sample.stop(metrics.batchTimer());
                    metrics.applied(applied.fresh(), applied.duplicates());
                    metrics.unattributedOutcomes(applied.unattributedOutcomes());
                })
                .replaceWithVoid());
    }

    /** The value was decoded where Kafka polled ({@link TelemetryDecoder}); here it is only checked and sorted. */
    private <V> void take(KafkaRecord<String, Object> record, Topic<String, V> topic, Class<V> type, Predicate<V> complete,
                          List<V> into) {
        Object value = record.getPayload();
        if (type.isInstance(value) && complete.test(type.cast(value))) {
            into.add(type.cast(value));
        } else {
            skip(record, topic, value instanceof TelemetryDecoder.Unreadable u ? u.reason() : "incomplete");
        }
    }

    static void skip(KafkaRecord<?, ?> record, Topic<?, ?> topic, String reason, ObservatoryMetrics metrics) {
        // Never log the payload: telemetry is pseudonymous, and a field report carries free text.
        LOG.warnf("skipping unreadable %s record at partition %d offset %d: %s", topic.key(), record.getPartition(),
                record instanceof IncomingKafkaRecord<?, ?> in ? in.getOffset() : -1L, reason);
        metrics.rejected(topic.key());
    }

    private void skip(KafkaRecord<?, ?> record, Topic<?, ?> topic, String reason) {
        skip(record, topic, reason, metrics);
    }

}
