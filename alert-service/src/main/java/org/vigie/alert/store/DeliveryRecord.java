package org.vigie.alert.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A row of the webhook outbox: one alert revision for one subscription, and how its delivery went. */
@Entity
@Table(name = "delivery")
public class DeliveryRecord extends PanacheEntityBase {
    @Id
    /**
     * Numbered by the database at insert (V2), so a subscription's deliveries are in the order they were written
     * (per-subscription delivery order follows seq).
     */
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long seq;
    public UUID deliveryId;
    public UUID subscriptionId;
    public UUID alertId;
    public long alertRevision;
    /** The CloudEvent body, fixed when the row is written: every retry sends the same bytes. */
    public String payload;
    public String status;
    public int attempts;
    public Instant firstAttemptAt;
    public Instant nextAttemptAt;
    public Instant leasedUntil;
    public Integer lastHttpStatus;
    public String lastError;
    public Instant deliveredAt;
    public Instant createdAt;
    /** W3C trace context of what caused the alert revision (null when none); the webhook request continues it. */
    public String traceparent;

    private static final BulkInsert BULK = BulkInsert.into("alert.delivery",
            "delivery_id", "uuid", "subscription_id", "uuid", "alert_id", "uuid", "alert_revision", "bigint",
            "payload", "text", "status", "text", "attempts", "int", "first_attempt_at", "timestamptz",
            "next_attempt_at", "timestamptz", "leased_until", "timestamptz", "last_http_status", "int",
            "last_error", "text", "delivered_at", "timestamptz", "created_at", "timestamptz", "traceparent", "text");

    /** Inserts new rows with one statement (in the current transaction), numbered in list order. */
    public static Uni<Void> insertAll(List<DeliveryRecord> rows) {
        return BULK.insert(rows, d -> java.util.Arrays.asList(d.deliveryId, d.subscriptionId, d.alertId,
                d.alertRevision, d.payload, d.status, d.attempts, d.firstAttemptAt, d.nextAttemptAt, d.leasedUntil,
                d.lastHttpStatus, d.lastError, d.deliveredAt, d.createdAt, d.traceparent));
    }
}
