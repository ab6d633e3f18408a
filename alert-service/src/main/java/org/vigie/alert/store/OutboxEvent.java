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

/** A Kafka record written in the transaction that caused it, relayed to its topic after commit. */
@Entity
@Table(name = "event_outbox")
public class OutboxEvent extends PanacheEntityBase {
    @Id
    /** Numbered by the database at insert (V2): the relay's order is the order of the inserts. */
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    /** A {@code Topic.key()} of the contracts, never a topic name. */
    public String topicKey;
    public UUID messageKey;
    public String payload;
    public Instant createdAt;

    private static final BulkInsert BULK = BulkInsert.into("alert.event_outbox",
            "topic_key", "text", "message_key", "uuid", "payload", "text", "created_at", "timestamptz");

    /** Inserts new rows with one statement (in the current transaction), numbered in list order. */
    public static Uni<Void> insertAll(List<OutboxEvent> rows) {
        return BULK.insert(rows, e -> java.util.Arrays.asList(e.topicKey, e.messageKey, e.payload, e.createdAt));
    }
}
