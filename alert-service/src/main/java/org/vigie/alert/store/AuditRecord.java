package org.vigie.alert.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.vigie.alert.domain.audit.AuditEntry;

/** A row of the append-only audit trail; the database refuses updates and deletes (see V1__alerts.sql). */
@Entity
@Table(name = "audit_log")
public class AuditRecord extends PanacheEntityBase {
    @Id
    public long sequence;
    @Column(name = "ts")
    public Instant timestamp;
    public String actor;
    public String action;
    public String subject;
    public String payload;
    public String previousHash;
    public String hash;

    private static final BulkInsert BULK = BulkInsert.into("alert.audit_log",
            "sequence", "bigint", "ts", "timestamptz", "actor", "text", "action", "text", "subject", "text",
            "payload", "text", "previous_hash", "text", "hash", "text");

    /** Appends entries with one statement (in the current transaction). */
    public static Uni<Void> insertAll(List<AuditEntry> entries) {
        return BULK.insert(entries, e -> java.util.Arrays.asList(e.sequence(), e.timestamp(), e.actor(), e.action(), e.subject(),
                e.payloadJson(), e.previousHash(), e.hash()));
    }

    public AuditEntry toEntry() {
        return new AuditEntry(sequence, timestamp, actor, action, subject, payload, previousHash, hash);
    }
}
