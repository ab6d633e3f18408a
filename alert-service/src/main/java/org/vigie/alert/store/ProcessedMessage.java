package org.vigie.alert.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A consumed message id, written with the message's effects: a redelivery finds it and is skipped. */
@Entity
@Table(name = "processed_message")
public class ProcessedMessage extends PanacheEntityBase {
    @Id
    public UUID messageId;
    public String source;
    public Instant processedAt;

    private static final BulkInsert BULK = BulkInsert.into("alert.processed_message",
            "message_id", "uuid", "source", "text", "processed_at", "timestamptz");

    /** Inserts new rows with one statement (in the current transaction). */
    public static Uni<Void> insertAll(List<ProcessedMessage> rows) {
        return BULK.insert(rows, p -> java.util.Arrays.asList(p.messageId, p.source, p.processedAt));
    }
}
