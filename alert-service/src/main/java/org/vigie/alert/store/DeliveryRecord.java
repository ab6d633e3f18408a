package org.vigie.alert.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of the webhook outbox: one alert revision for one subscription, and how its delivery went. */
@Entity
@Table(name = "delivery")
public class DeliveryRecord extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "delivery_seq")
    @SequenceGenerator(name = "delivery_seq", sequenceName = "delivery_seq", allocationSize = 50)
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
}
