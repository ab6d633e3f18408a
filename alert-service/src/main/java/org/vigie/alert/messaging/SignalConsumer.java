package org.vigie.alert.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import org.vigie.alert.domain.SeverityRule;
import org.vigie.alert.domain.SignalTriage;
import org.vigie.alert.service.AlertDocuments;
import org.vigie.alert.service.AlertIntake;
import org.vigie.alert.service.AlertMetrics;
import org.vigie.alert.service.Occurrence;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.topics.Topic;
import org.vigie.contracts.topics.Topics;

/**
 * Reads drift signals, field reports and registrations in batches; each batch is one transaction, acknowledged
 * (and its offsets committed) only after it committed. A message that cannot be read is counted and skipped:
 * it can never become readable by retrying. A database failure is retried, then fails the channel (health DOWN)
 * rather than skipping data.
 */
@ApplicationScoped
public class SignalConsumer {

    private static final Logger LOG = Logger.getLogger(SignalConsumer.class);

    private final AlertIntake intake;
    private final AlertDocuments documents;
    private final AlertMetrics metrics;
    private final SignalTriage triage;

    public SignalConsumer(AlertIntake intake, AlertDocuments documents, AlertMetrics metrics, SeverityRule rule) {
        this.intake = intake;
        this.documents = documents;
        this.metrics = metrics;
        this.triage = new SignalTriage(rule);
    }

    @Incoming("drift-signals")
    public Uni<Void> signals(KafkaRecordBatch<String, byte[]> batch) {
        List<Occurrence> occurrences = decode(batch, Topics.DRIFT_SIGNALS, (s, trace) -> fromSignal(s).tracedBy(trace));
        return settled(batch, intake.record(occurrences).replaceWithVoid());
    }

    @Incoming("feedback")
    public Uni<Void> feedback(KafkaRecordBatch<String, byte[]> batch) {
        List<Occurrence> occurrences = decode(batch, Topics.FEEDBACK, (f, trace) -> fromReport(f).tracedBy(trace));
        return settled(batch, intake.record(occurrences).replaceWithVoid());
    }

    @Incoming("device-registrations")
    public Uni<Void> registrations(KafkaRecordBatch<String, byte[]> batch) {
        List<DeviceRegistration> registrations = decode(batch, Topics.DEVICE_REGISTRATIONS, (r, trace) -> r);
        return settled(batch, registrations.isEmpty() ? Uni.createFrom().voidItem() : intake.register(registrations));
    }

    Occurrence fromSignal(DriftSignal s) {
        Map<String, Object> evidence = new LinkedHashMap<>(documents.toMap(s));
        evidence.remove("schemaVersion");
        return new Occurrence(s.signalId(), "signal", s.deviceId(), s.modelVersion(), s.conditionKey(),
                triage.of(s), evidence);
    }

    Occurrence fromReport(FeedbackEvent f) {
        Map<String, Object> evidence = new LinkedHashMap<>(documents.toMap(f));
        evidence.remove("schemaVersion");
        evidence.remove("type");
        return new Occurrence(f.eventId(), "feedback", f.deviceId(), f.modelVersion(), null, triage.of(f), evidence);
    }

    /** Each readable record's value, mapped with the W3C trace context it carries (its traceparent header, or null). */
    private <V, T> List<T> decode(KafkaRecordBatch<String, byte[]> batch, Topic<String, V> topic,
                                  BiFunction<V, String, T> mapping) {
        List<T> out = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch.getRecords()) {
            try {
                V value = topic.valueSerde().deserialize(topic.name(), record.getPayload());
                if (value != null) {
                    out.add(mapping.apply(value, traceparent(record)));
                }
            } catch (RuntimeException e) {
                // Never log the payload: a field report may carry text that is not ours to copy into logs.
                LOG.warnf("skipping unreadable %s record at partition %d offset %d: %s", topic.key(),
                        record.getPartition(),
                        record instanceof IncomingKafkaRecord<?, ?> in ? in.getOffset() : -1L, e.getClass().getSimpleName());
                metrics.rejectedMessage(topic.key());
            }
        }
        return out;
    }

    /**
     * Runs a batch's transaction (retried), then acknowledges the batch, which lets its offsets be committed; a
     * method taking a {@code Message} acknowledges nothing by itself. Left unacknowledged, offsets are never
     * committed: every rebalance or restart replays the topic from the start (harmless, the ids are recorded, but
     * slow) and the connector fails the channel after a minute. A batch still failing after the retries is
     * nacked, which fails the channel (health DOWN) rather than skipping its data.
     */
    private static Uni<Void> settled(KafkaRecordBatch<String, byte[]> batch, Uni<Void> work) {
        return work.onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(8)
                .onItemOrFailure().transformToUni((ok, failure) -> failure == null
                        ? Uni.createFrom().completionStage(batch.ack())
                        : Uni.createFrom().completionStage(batch.nack(failure))
                                .chain(() -> Uni.createFrom().failure(failure)));
    }

    private static String traceparent(KafkaRecord<String, byte[]> record) {
        Header header = record.getHeaders() == null ? null : record.getHeaders().lastHeader("traceparent");
        if (header == null || header.value() == null || header.value().length > 128) {
            return null;
        }
        String value = new String(header.value(), java.nio.charset.StandardCharsets.US_ASCII);
        // Kept only if it is a W3C traceparent: it goes into the outbox and out to subscribers.
        return TRACEPARENT.matcher(value).matches() ? value : null;
    }

    private static final java.util.regex.Pattern TRACEPARENT =
            java.util.regex.Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
}
