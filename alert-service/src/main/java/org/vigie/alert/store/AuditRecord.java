package org.vigie.alert.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
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

    public static AuditRecord of(AuditEntry entry) {
        AuditRecord row = new AuditRecord();
        row.sequence = entry.sequence();
        row.timestamp = entry.timestamp();
        row.actor = entry.actor();
        row.action = entry.action();
        row.subject = entry.subject();
        row.payload = entry.payloadJson();
        row.previousHash = entry.previousHash();
        row.hash = entry.hash();
        return row;
    }

    public AuditEntry toEntry() {
        return new AuditEntry(sequence, timestamp, actor, action, subject, payload, previousHash, hash);
    }
}
