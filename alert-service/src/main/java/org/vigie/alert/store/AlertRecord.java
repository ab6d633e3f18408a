package org.vigie.alert.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
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
}
