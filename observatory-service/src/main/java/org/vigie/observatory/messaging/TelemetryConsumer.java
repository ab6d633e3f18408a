package org.vigie.observatory.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import org.vigie.contracts.json.VigieJson;
import org.vigie.contracts.topics.Topic;
import org.vigie.contracts.topics.Topics;
import org.vigie.observatory.store.RollupWriter;
import org.vigie.observatory.store.TelemetryBatch;

/**
 * Reads the four telemetry topics as one channel, in large batches: each poll becomes one transaction of
 * multi-row upserts ({@link RollupWriter}), acknowledged — and its offsets committed — only after it committed.
 * One channel rather than four so that an inference and its outcome in the same poll are applied in order, and
 * so that the rollup tables have a single writer per instance. A record that cannot be read is counted and
 * skipped (it will never become readable); a database failure is retried, then fails the channel (health
 * DOWN) rather than skipping data.
 */
@ApplicationScoped
public class TelemetryConsumer {

    private static final Logger LOG = Logger.getLogger(TelemetryConsumer.class);

    /**
     * The contracts' dialect ({@link VigieJson}), read the cheap way: each topic carries one event type, so the
     * polymorphic type handling of {@code DeviceEvent} (which buffers the tokens until it meets {@code type}) is
     * switched off, and what the rollups never use — an inference's input features, subgroups and case pseudonym
     * — is skipped by the parser rather than built into maps. Profiling the rollup path showed JSON decoding as
     * the service's largest CPU cost after the database.
     */
    private static final ObjectMapper ROLLUP_JSON = VigieJson.configure(JsonMapper.builder()
            .addMixIn(InferenceEvent.class, SkipUnused.class)
            .addMixIn(UsageEvent.class, Monomorphic.class)
            .addMixIn(OutcomeEvent.class, Monomorphic.class)
            .addMixIn(FeedbackEvent.class, Monomorphic.class)
            .build());
    private static final ObjectReader INFERENCE = ROLLUP_JSON.readerFor(InferenceEvent.class);
    private static final ObjectReader USAGE = ROLLUP_JSON.readerFor(UsageEvent.class);
    private static final ObjectReader OUTCOME = ROLLUP_JSON.readerFor(OutcomeEvent.class);
    private static final ObjectReader FEEDBACK = ROLLUP_JSON.readerFor(FeedbackEvent.class);

    @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
    private interface Monomorphic {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
    @JsonIgnoreProperties({"features", "subgroups", "caseId"})
    private interface SkipUnused {
    }

    private final RollupWriter writer;
    private final ObservatoryMetrics metrics;

    public TelemetryConsumer(RollupWriter writer, ObservatoryMetrics metrics) {
        this.writer = writer;
        this.metrics = metrics;
    }

    @Incoming("telemetry")
    public Uni<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<InferenceEvent> inferences = new ArrayList<>();
        List<UsageEvent> usages = new ArrayList<>();
        List<OutcomeEvent> outcomes = new ArrayList<>();
        List<FeedbackEvent> feedback = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            String topic = record.getTopic();
            if (Topics.INFERENCES.name().equals(topic)) {
                decode(record, Topics.INFERENCES, INFERENCE, e -> e.eventId() != null && e.deviceId() != null && e.occurredAt() != null,
                        inferences);
            } else if (Topics.USAGES.name().equals(topic)) {
                decode(record, Topics.USAGES, USAGE, e -> e.eventId() != null && e.deviceId() != null && e.occurredAt() != null
                        && e.action() != null, usages);
            } else if (Topics.OUTCOMES.name().equals(topic)) {
                decode(record, Topics.OUTCOMES, OUTCOME, e -> e.eventId() != null && e.deviceId() != null, outcomes);
            } else if (Topics.FEEDBACK.name().equals(topic)) {
                decode(record, Topics.FEEDBACK, FEEDBACK, e -> e.eventId() != null && e.deviceId() != null && e.reportedAt() != null,
                        feedback);
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

    private <V> void decode(KafkaRecord<String, byte[]> record, Topic<String, V> topic, ObjectReader reader,
                            Predicate<V> complete, List<V> into) {
        try {
            V value = record.getPayload() == null ? null : reader.readValue(record.getPayload());
            if (value != null && complete.test(value)) {
                into.add(value);
                return;
            }
            skip(record, topic, "incomplete");
        } catch (java.io.IOException | RuntimeException e) {
            skip(record, topic, e.getClass().getSimpleName());
        }
    }

    static void skip(KafkaRecord<?, byte[]> record, Topic<?, ?> topic, String reason, ObservatoryMetrics metrics) {
        // Never log the payload: telemetry is pseudonymous, and a field report carries free text.
        LOG.warnf("skipping unreadable %s record at partition %d offset %d: %s", topic.key(), record.getPartition(),
                record instanceof IncomingKafkaRecord<?, ?> in ? in.getOffset() : -1L, reason);
        metrics.rejected(topic.key());
    }

    private void skip(KafkaRecord<?, byte[]> record, Topic<?, ?> topic, String reason) {
        skip(record, topic, reason, metrics);
    }

}
