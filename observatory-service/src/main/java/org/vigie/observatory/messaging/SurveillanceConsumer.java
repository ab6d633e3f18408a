package org.vigie.observatory.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.vigie.contracts.events.Alert;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.topics.Topic;
import org.vigie.contracts.topics.Topics;
import org.vigie.observatory.store.SurveillanceWriter;

/** Registrations, drift signals and alerts: low volume, idempotent writes of state (see {@link SurveillanceWriter}). */
@ApplicationScoped
public class SurveillanceConsumer {

    private final SurveillanceWriter writer;
    private final ObservatoryMetrics metrics;

    public SurveillanceConsumer(SurveillanceWriter writer, ObservatoryMetrics metrics) {
        this.writer = writer;
        this.metrics = metrics;
    }

    @Incoming("device-registrations")
    public Uni<Void> registrations(KafkaRecordBatch<String, byte[]> batch) {
        List<DeviceRegistration> rows = decode(batch.getRecords(), Topics.DEVICE_REGISTRATIONS,
                r -> r.deviceId() != null && r.modelVersion() != null && r.manufacturerId() != null
                        && r.useCase() != null && r.registeredAt() != null);
        return BatchAcks.settled(batch, counted(writer.registrations(rows), Topics.DEVICE_REGISTRATIONS, rows.size()));
    }

    @Incoming("drift-signals")
    public Uni<Void> signals(KafkaRecordBatch<String, byte[]> batch) {
        List<DriftSignal> rows = decode(batch.getRecords(), Topics.DRIFT_SIGNALS,
                s -> s.signalId() != null && s.deviceId() != null && s.kind() != null && s.severity() != null
                        && s.detectedAt() != null);
        return BatchAcks.settled(batch, counted(writer.signals(rows), Topics.DRIFT_SIGNALS, rows.size()));
    }

    @Incoming("alerts")
    public Uni<Void> alerts(KafkaRecordBatch<UUID, byte[]> batch) {
        List<Alert> rows = decode(batch.getRecords(), Topics.ALERTS,
                a -> a.alertId() != null && a.deviceId() != null && a.kind() != null && a.severity() != null
                        && a.status() != null && a.updatedAt() != null);
        return BatchAcks.settled(batch, counted(writer.alerts(rows), Topics.ALERTS, rows.size()));
    }

    private <K, V> List<V> decode(List<KafkaRecord<K, byte[]>> records, Topic<K, V> topic, Predicate<V> complete) {
        List<V> out = new ArrayList<>();
        for (KafkaRecord<K, byte[]> record : records) {
            if (record.getPayload() == null) {
                continue; // a tombstone on a compacted topic: nothing to count
            }
            try {
                V value = topic.valueSerde().deserialize(topic.name(), record.getPayload());
                if (value != null && complete.test(value)) {
                    out.add(value);
                } else {
                    TelemetryConsumer.skip(record, topic, "incomplete", metrics);
                }
            } catch (RuntimeException e) {
                TelemetryConsumer.skip(record, topic, e.getClass().getSimpleName(), metrics);
            }
        }
        return out;
    }

    private Uni<Void> counted(Uni<Void> work, Topic<?, ?> topic, int n) {
        return work.invoke(() -> metrics.surveillance(topic.key(), n));
    }
}
