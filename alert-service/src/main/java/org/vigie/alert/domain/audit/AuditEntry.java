package org.vigie.alert.domain.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the audit trail, as stored.
 *
 * @param sequence     1, 2, 3, … without gaps: a gap is a deleted row
 * @param timestamp    when it happened, at microsecond precision (what PostgreSQL's timestamptz keeps)
 * @param actor        who did it: a user or client id, or "system"
 * @param action       what was done, e.g. "alert.acknowledged", "delivery.dead_lettered"
 * @param subject      what it was done to, e.g. "alert:3f2a…"
 * @param payloadJson  details in canonical JSON ({@link CanonicalJson}); store it as text, not jsonb, since jsonb
 *                     re-orders keys and would change the bytes the hash covers
 * @param previousHash the hash of the entry before, or {@link AuditChain#GENESIS} for the first
 * @param hash         hex SHA-256 over all of the above ({@link AuditChain#hashOf})
 */
public record AuditEntry(long sequence, Instant timestamp, String actor, String action, String subject,
                         String payloadJson, String previousHash, String hash) {

    public AuditEntry {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(payloadJson, "payloadJson");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
    }
}
