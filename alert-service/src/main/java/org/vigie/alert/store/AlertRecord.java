package org.vigie.alert.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** One alert: its identity (fingerprint), owner, lifecycle, evidence and the facts its obligations follow from. */
@Entity
@Table(name = "alert")
public class AlertRecord extends PanacheEntityBase {
    @Id
    public UUID alertId;
    public String fingerprint;
    public String conditionKey;
    public long revision;
    public String deviceId;
    public String modelVersion;
    public String manufacturerId;
    public String jurisdictions;
    public String kind;
    public String severity;
    public int severityRank;
    public String status;
    public String title;
    /** JSON object. */
    public String evidence;
    public String harm;
    public String category;
    public String flags;
    public String regulation;
    public Instant firstSeen;
    public Instant lastSeen;
    public long occurrences;
    public int reopenings;
    public Instant awarenessDate;
    public Instant acknowledgedAt;
    public Instant resolvedAt;
    public String lastNote;
    public Instant createdAt;
    public Instant updatedAt;

    private static final BulkInsert BULK = BulkInsert.into("alert.alert",
            "alert_id", "uuid", "fingerprint", "text", "condition_key", "text", "revision", "bigint",
            "device_id", "text", "model_version", "text", "manufacturer_id", "text", "jurisdictions", "text",
            "kind", "text", "severity", "text", "severity_rank", "int", "status", "text", "title", "text",
            "evidence", "text", "harm", "text", "category", "text", "flags", "text", "regulation", "text",
            "first_seen", "timestamptz", "last_seen", "timestamptz", "occurrences", "bigint", "reopenings", "int",
            "awareness_date", "timestamptz", "acknowledged_at", "timestamptz", "resolved_at", "timestamptz",
            "last_note", "text", "created_at", "timestamptz", "updated_at", "timestamptz");

    /**
     * The alerts a query selects, each row locked for update until the transaction ends, in the order of their ids.
     * Every change of an alert (a new occurrence, an owner registered, a manufacturer's acknowledgement or
     * resolution) reads it through here: the change is made to the row as the previous change committed it, so two
     * changes at once are applied one after the other with revisions n + 1 and n + 2, where two plain reads let the
     * second write its whole row over the first's (an acknowledgement lost to an occurrence, or the reverse, and two
     * different documents published as the same revision). The id order keeps two transactions that lock several
     * alerts from waiting on each other.
     */
    public static Uni<List<AlertRecord>> forUpdate(String query, Object... params) {
        return AlertRecord.<AlertRecord>find(query, Sort.by("alertId"), params)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /**
     * Inserts new alerts with one statement in the current transaction (a batch of 500 new alerts was 10 JDBC
     * batches of entity inserts). The rows are not attached to the session: a caller changes them before, not after.
     */
    public static Uni<Void> insertAll(List<AlertRecord> rows) {
        return BULK.insert(rows, a -> Arrays.asList(a.alertId, a.fingerprint, a.conditionKey, a.revision,
                a.deviceId, a.modelVersion, a.manufacturerId, a.jurisdictions, a.kind, a.severity, a.severityRank,
                a.status, a.title, a.evidence, a.harm, a.category, a.flags, a.regulation, a.firstSeen, a.lastSeen,
                a.occurrences, a.reopenings, a.awarenessDate, a.acknowledgedAt, a.resolvedAt, a.lastNote,
                a.createdAt, a.updatedAt));
    }
}
