package org.vigie.alert.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A consumed message id, written with the message's effects: a redelivery finds it and is skipped. */
@Entity
@Table(name = "processed_message")
public class ProcessedMessage extends PanacheEntityBase {
    @Id
    public UUID messageId;
    public String source;
    public Instant processedAt;
}
