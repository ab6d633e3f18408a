package org.vigie.alert.service;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.vigie.alert.domain.AlertLifecycle;
import org.vigie.alert.domain.SeverityRule;
import org.vigie.alert.domain.SignalTriage.Finding;
import org.vigie.alert.store.Rows;
import org.vigie.alert.store.AlertRecord;
import org.vigie.alert.store.DelimitedList;
import org.vigie.alert.store.DeviceRecord;
import org.vigie.alert.store.ProcessedMessage;
import org.vigie.contracts.events.Alert;
import org.vigie.contracts.events.AlertStatus;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.DeviceRegulation;
import org.vigie.contracts.events.Severity;

/**
 * Turns occurrences (drift signals, field reports, overdue escalations) into alerts, one transaction per batch:
 * the processed-message ids, the alert rows, the outboxes and the audit entries commit together, so a redelivered
 * message finds its id and changes nothing, and a crash leaves either all of a batch or none of it.
 */
@ApplicationScoped
public class AlertIntake {

    public static final String SYSTEM = "system";

    private final AlertDocuments documents;
    private final RevisionPublisher publisher;
    private final AlertEvents events;
    private final AlertMetrics metrics;
    private final OutboxSignals outboxes;
    private final Clock clock;

    public AlertIntake(AlertDocuments documents, RevisionPublisher publisher, AlertEvents events,
                       AlertMetrics metrics, OutboxSignals outboxes, Clock clock) {
        this.documents = documents;
        this.publisher = publisher;
        this.events = events;
        this.metrics = metrics;
        this.outboxes = outboxes;
        this.clock = clock;
    }

    /** Records a batch; returns the revisions written (none for a batch of redeliveries). */
    @WithSpan("alert.intake")
    public Uni<List<Alert>> record(List<Occurrence> occurrences) {
        return Panache.withTransaction(() -> process(occurrences)).invoke(this::afterCommit);
    }

    public void afterCommit(List<Alert> revisions) {
        if (revisions.isEmpty()) {
            return;
        }
        revisions.stream().filter(a -> a.revision() == 1).forEach(metrics::opened);
        events.publish(revisions);
        outboxes.ringAll();
    }

    private Uni<List<Alert>> process(List<Occurrence> occurrences) {
        Map<UUID, Occurrence> byId = new LinkedHashMap<>();
        occurrences.forEach(o -> byId.putIfAbsent(o.messageId(), o));
        return ProcessedMessage.<ProcessedMessage>list("messageId in ?1", byId.keySet()).chain(seen -> {
            seen.forEach(p -> byId.remove(p.messageId));
            if (byId.isEmpty()) {
                return Uni.createFrom().item(List.<Alert>of());
            }
            List<Occurrence> fresh = List.copyOf(byId.values());
            Instant now = clock.instant();
            List<ProcessedMessage> marks = fresh.stream().map(o -> processed(o, now)).toList();
            Set<String> deviceIds = new HashSet<>();
            Set<String> fingerprints = new HashSet<>();
            fresh.forEach(o -> {
                deviceIds.add(o.deviceId());
                fingerprints.add(o.finding().fingerprint().key());
            });
            return ProcessedMessage.insertAll(marks)
                    .chain(() -> DeviceRecord.<DeviceRecord>list("deviceId in ?1", deviceIds))
                    .chain(devices -> AlertRecord.forUpdate("fingerprint in ?1", fingerprints)
                            .chain(alerts -> apply(fresh, devices, alerts, now)));
        });
    }

    private Uni<List<Alert>> apply(List<Occurrence> fresh, List<DeviceRecord> devices, List<AlertRecord> existing,
                                   Instant now) {
        Map<String, DeviceRecord> deviceById = new HashMap<>();
        devices.forEach(d -> deviceById.put(d.deviceId, d));
        Map<String, AlertRecord> byFingerprint = new HashMap<>();
        existing.forEach(a -> byFingerprint.put(a.fingerprint, a));
        List<AlertRecord> created = new ArrayList<>();
        List<RevisionPublisher.Revision> revisions = new ArrayList<>();
        for (Occurrence o : fresh) {
            Finding f = o.finding();
            String key = f.fingerprint().key();
            AlertRecord alert = byFingerprint.get(key);
            String action;
            if (alert == null) {
                alert = open(o, deviceById.get(o.deviceId()), now);
                byFingerprint.put(key, alert);
                created.add(alert);
                action = "alert.opened";
            } else {
                AlertLifecycle next = documents.lifecycle(alert).occur(f.seenAt());
                action = AlertStatus.valueOf(alert.status) == AlertStatus.RESOLVED ? "alert.reopened"
                        : "alert.occurred";
                AlertDocuments.apply(alert, next);
                Severity severity = SeverityRule.max(Severity.valueOf(alert.severity), f.severity());
                alert.severity = severity.name();
                alert.severityRank = severity.ordinal();
                alert.evidence = documents.write(o.evidence());
                adoptOwner(alert, deviceById.get(o.deviceId()));
                alert.revision++;
                alert.updatedAt = now;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("message", o.source() + ":" + o.messageId());
            revisions.add(new RevisionPublisher.Revision(documents.toAlert(alert), SYSTEM, action, details,
                    o.traceparent()));
        }
        return AlertRecord.insertAll(created).chain(() -> published(revisions));
    }

    private AlertRecord open(Occurrence o, DeviceRecord device, Instant now) {
        Finding f = o.finding();
        AlertRecord a = new AlertRecord();
        a.alertId = UUID.randomUUID();
        a.fingerprint = f.fingerprint().key();
        a.conditionKey = o.conditionKey() != null ? o.conditionKey() : a.fingerprint;
        a.revision = 1;
        a.deviceId = o.deviceId();
        a.modelVersion = o.modelVersion();
        a.kind = f.kind().name();
        a.severity = f.severity().name();
        a.severityRank = f.severity().ordinal();
        a.title = f.title();
        a.evidence = documents.write(o.evidence());
        a.harm = f.harm() == null ? null : f.harm().name();
        a.category = f.category() == null ? null : f.category().name();
        a.flags = DelimitedList.write(List.of());
        a.jurisdictions = DelimitedList.write(List.of());
        a.regulation = DeviceRegulation.MDR.name();
        adoptOwner(a, device);
        // The awareness date starts every legal clock: the earliest moment the condition was known to Vigie.
        a.awarenessDate = f.seenAt().isAfter(now) ? now : f.seenAt();
        AlertDocuments.apply(a, AlertLifecycle.open(a.awarenessDate));
        a.createdAt = now;
        a.updatedAt = now;
        return a;
    }

    /** An alert raised before its device was registered is owned by nobody (admin only) until it is. */
    private static void adoptOwner(AlertRecord a, DeviceRecord device) {
        if (device == null || a.manufacturerId != null) {
            return;
        }
        a.manufacturerId = device.manufacturerId;
        a.jurisdictions = device.jurisdictions;
        a.regulation = device.regulation;
    }

    private static ProcessedMessage processed(Occurrence o, Instant now) {
        ProcessedMessage p = new ProcessedMessage();
        p.messageId = o.messageId();
        p.source = o.source();
        p.processedAt = now;
        return p;
    }

    /**
     * Keeps the latest registration of each device (the topic is compacted and keyed by device), and gives the alerts
     * raised before their device's registration reached this service (a field report read before the registration:
     * they come on separate channels) their owner: manufacturer, jurisdictions and regulation. Such an alert was
     * visible to admins only and delivered to no manufacturer or authority; it now gets a new revision, published and
     * delivered like any other, its legal clocks still counted from its awareness date.
     */
    @WithSpan("alert.register-devices")
    public Uni<Void> register(List<DeviceRegistration> registrations) {
        Map<String, DeviceRegistration> latest = new LinkedHashMap<>();
        registrations.forEach(r -> latest.put(r.deviceId(), r));
        Instant now = clock.instant();
        return Panache.withTransaction(() -> DeviceRecord.<DeviceRecord>list("deviceId in ?1", latest.keySet())
                .chain(found -> {
                    Map<String, DeviceRecord> byId = new HashMap<>();
                    found.forEach(d -> byId.put(d.deviceId, d));
                    List<DeviceRecord> created = new ArrayList<>();
                    for (DeviceRegistration r : latest.values()) {
                        DeviceRecord d = byId.get(r.deviceId());
                        if (d == null) {
                            d = new DeviceRecord();
                            d.deviceId = r.deviceId();
                            created.add(d);
                            byId.put(d.deviceId, d);
                        }
                        d.manufacturerId = r.manufacturerId();
                        d.udiDi = r.udiDi();
                        d.basicUdiDi = r.basicUdiDi();
                        d.deviceName = r.deviceName();
                        d.modelVersion = r.modelVersion();
                        d.regulation = r.regulation().name();
                        d.jurisdictions = DelimitedList.write(r.jurisdictions().stream()
                                .map(j -> j.trim().toUpperCase(java.util.Locale.ROOT)).toList());
                        d.updatedAt = now;
                    }
                    return Rows.persist(created).chain(() -> adoptOrphans(byId, now));
                })).invoke(this::afterCommit).replaceWithVoid();
    }

    private Uni<List<Alert>> adoptOrphans(Map<String, DeviceRecord> devices, Instant now) {
        return AlertRecord.forUpdate("deviceId in ?1 and manufacturerId is null", devices.keySet())
                .chain(orphans -> {
                    List<RevisionPublisher.Revision> revisions = new ArrayList<>();
                    for (AlertRecord alert : orphans) {
                        DeviceRecord device = devices.get(alert.deviceId);
                        adoptOwner(alert, device);
                        alert.revision++;
                        alert.updatedAt = now;
                        Map<String, Object> details = new LinkedHashMap<>();
                        details.put("manufacturerId", device.manufacturerId);
                        revisions.add(new RevisionPublisher.Revision(documents.toAlert(alert), SYSTEM,
                                "alert.owner-registered", details));
                    }
                    return published(revisions);
                });
    }

    /** Publishes the revisions (outbox, deliveries, audit: in the caller's transaction) and returns their alerts. */
    private Uni<List<Alert>> published(List<RevisionPublisher.Revision> revisions) {
        return publisher.publish(revisions).map(x -> revisions.stream().map(RevisionPublisher.Revision::alert).toList());
    }
}
