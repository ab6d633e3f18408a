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

/** A Kafka record written in the transaction that caused it, relayed to its topic after commit. */
@Entity
@Table(name = "event_outbox")
public class OutboxEvent extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "event_outbox_seq")
    @SequenceGenerator(name = "event_outbox_seq", sequenceName = "event_outbox_seq", allocationSize = 50)
    public Long id;
    /** A {@code Topic.key()} of the contracts, never a topic name. */
    public String topicKey;
    public UUID messageKey;
    public String payload;
    public Instant createdAt;
}
