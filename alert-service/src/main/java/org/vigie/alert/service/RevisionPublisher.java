package org.vigie.alert.service;

import com.fasterxml.jackson.databind.util.RawValue;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import org.vigie.alert.domain.delivery.SubscriptionFilter;
import org.vigie.alert.store.DeliveryRecord;
import org.vigie.alert.store.OutboxEvent;
import org.vigie.alert.store.SubscriptionRecord;
import org.vigie.contracts.events.Alert;
import org.vigie.contracts.events.DeliveryStatus;
import org.vigie.contracts.topics.Topics;

/**
 * Everything a committed alert revision must cause, written in the same transaction as the revision: the Kafka
 * record (event outbox), one webhook delivery per matching subscription (delivery outbox), and the audit entry.
 */
@ApplicationScoped
public class RevisionPublisher {

    /** CloudEvents type of a webhook body. */
    public static final String CLOUD_EVENT_TYPE = "org.vigie.alert.revision.v1";
    public static final String CLOUD_EVENT_SOURCE = "/vigie/alert-service";

    /**
     * One revision to publish, with what the audit trail says about it, and the trace context of what caused it
     * (null when none): its webhook deliveries continue that trace.
     */
    public record Revision(Alert alert, String actor, String action, Map<String, Object> auditDetails,
                           String traceparent) {

        public Revision(Alert alert, String actor, String action, Map<String, Object> auditDetails) {
            this(alert, actor, action, auditDetails, null);
        }
    }

    private final AlertDocuments documents;
    private final AuditTrail audit;
    private final Clock clock;

    public RevisionPublisher(AlertDocuments documents, AuditTrail audit, Clock clock) {
        this.documents = documents;
        this.audit = audit;
        this.clock = clock;
    }

    /** Must run inside a transaction. */
    public Uni<Void> publish(List<Revision> revisions) {
        if (revisions.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return SubscriptionRecord.<SubscriptionRecord>list("active = true").chain(subscriptions -> {
            Instant now = clock.instant();
            Map<SubscriptionRecord, SubscriptionFilter> filters = new LinkedHashMap<>();
            subscriptions.forEach(s -> filters.put(s, Subscriptions.filter(s)));
            // One INSERT per table, rows in revision order: the deliveries' numbers follow the revisions.
            List<OutboxEvent> events = new ArrayList<>(revisions.size());
            List<DeliveryRecord> deliveries = new ArrayList<>();
            List<AuditTrail.Pending> entries = new ArrayList<>(revisions.size());
            for (Revision revision : revisions) {
                Alert alert = revision.alert();
                // Written once per revision, not once per recipient: a fan-out to 100 subscribers serialised it 101 times.
                String json = documents.write(alert);
                RawValue data = new RawValue(json);
                events.add(event(Topics.ALERTS.key(), alert.alertId(), json, now));
                filters.forEach((s, filter) -> {
                    if (filter.matches(alert.manufacturerId(), alert.jurisdictions(), alert.deviceId(), alert.kind(),
                            alert.severity())) {
                        DeliveryRecord d = delivery(s.subscriptionId, alert, data, now);
                        d.traceparent = revision.traceparent();
                        deliveries.add(d);
                    }
                });
                Map<String, Object> details = new LinkedHashMap<>(revision.auditDetails());
                details.put("revision", alert.revision());
                details.put("status", alert.status());
                details.put("severity", alert.severity());
                details.put("occurrences", alert.occurrences());
                entries.add(new AuditTrail.Pending(revision.actor(), revision.action(), "alert:" + alert.alertId(),
                        details));
            }
            return OutboxEvent.insertAll(events)
                    .chain(() -> DeliveryRecord.insertAll(deliveries))
                    .chain(() -> audit.append(entries));
        });
    }

    public OutboxEvent event(String topicKey, UUID key, String payload, Instant now) {
        OutboxEvent event = new OutboxEvent();
        event.topicKey = topicKey;
        event.messageKey = key;
        event.payload = payload;
        event.createdAt = now;
        return event;
    }

    public DeliveryRecord delivery(UUID subscriptionId, Alert alert, Instant now) {
        return delivery(subscriptionId, alert, alert, now);
    }

    /** {@code data}: the alert, or its JSON already written ({@link RawValue}). */
    private DeliveryRecord delivery(UUID subscriptionId, Alert alert, Object data, Instant now) {
        DeliveryRecord d = new DeliveryRecord();
        d.deliveryId = UUID.randomUUID();
        d.subscriptionId = subscriptionId;
        d.alertId = alert.alertId();
        d.alertRevision = alert.revision();
        d.payload = cloudEvent(d.deliveryId, alert, data);
        d.status = DeliveryStatus.PENDING.name();
        d.attempts = 0;
        d.nextAttemptAt = now;
        d.createdAt = now;
        return d;
    }

    /** A structured-mode CloudEvent (JSON format, spec 1.0) carrying the alert revision; its id is the delivery id. */
    public String cloudEvent(UUID deliveryId, Alert alert) {
        return cloudEvent(deliveryId, alert, alert);
    }

    private String cloudEvent(UUID deliveryId, Alert alert, Object data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", deliveryId.toString());
        event.put("source", CLOUD_EVENT_SOURCE);
        event.put("type", CLOUD_EVENT_TYPE);
        event.put("subject", alert.alertId().toString());
        event.put("time", alert.updatedAt().toString());
        event.put("datacontenttype", "application/json");
        event.put("data", data);
        return documents.write(event);
    }
}
