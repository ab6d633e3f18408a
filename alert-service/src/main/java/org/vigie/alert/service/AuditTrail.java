package org.vigie.alert.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vigie.alert.domain.audit.AuditChain;
import org.vigie.alert.domain.audit.AuditEntry;
import org.vigie.alert.domain.audit.ChainVerification;
import org.vigie.alert.store.AuditRecord;

/**
 * Appends to the hash-chained audit log inside the caller's transaction, so a change and its audit entry commit
 * together. Appends are serialised by a transaction-scoped advisory lock: each entry needs the hash of the one
 * before, so two writers must not both extend the same head. The lock is held from the append to the commit, so
 * the caller's own rows are flushed first, outside it, and the append comes last in the transaction: concurrent
 * transactions then overlap in everything but the few statements that extend the chain (one head read, one
 * batch of audit rows per transaction, however many entries it appends).
 */
@ApplicationScoped
public class AuditTrail {

    /** Any fixed number: the advisory-lock key of the audit chain's head. */
    private static final long HEAD_LOCK = 0x56_49_47_49_45_41L;

    /** An entry to append. */
    public record Pending(String actor, String action, String subject, Map<String, ?> payload) {
    }

    private final AuditChain chain;

    public AuditTrail(AuditChain chain) {
        this.chain = chain;
    }

    /** Must run inside a transaction (Panache.withTransaction). */
    public Uni<Void> append(List<Pending> pending) {
        if (pending.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession()
                .chain(s -> s.flush()
                        .chain(() -> s.createNativeQuery("select 1 from (select pg_advisory_xact_lock(" + HEAD_LOCK
                                + ")) l").getSingleResult()))
                .chain(() -> AuditRecord.find("order by sequence desc").<AuditRecord>firstResult())
                .chain(head -> {
                    AuditEntry previous = head == null ? null : head.toEntry();
                    List<AuditEntry> entries = new ArrayList<>(pending.size());
                    for (Pending p : pending) {
                        previous = chain.append(previous, p.actor(), p.action(), p.subject(), p.payload());
                        entries.add(previous);
                    }
                    return AuditRecord.insertAll(entries);
                });
    }

    public Uni<ChainVerification> verify() {
        return Panache.withSession(() -> AuditRecord.<AuditRecord>find("order by sequence").list())
                .map(rows -> AuditChain.verify(rows.stream().map(AuditRecord::toEntry).toList()));
    }

    public Uni<List<AuditRecord>> about(String subject) {
        return Panache.withSession(() -> AuditRecord.<AuditRecord>find("subject = ?1 order by sequence", subject)
                .list());
    }
}
