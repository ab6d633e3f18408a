package org.vigie.ingest.service;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.vigie.contracts.api.Problem;
import org.vigie.contracts.events.DeviceEvent;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.UsageEvent;
import org.vigie.contracts.http.ProblemException;
import org.vigie.contracts.json.ContractSchemas;
import org.vigie.contracts.json.VigieJson;
import org.vigie.contracts.topics.Topics;
import org.vigie.ingest.api.IngestResult;
import org.vigie.ingest.api.IngestResult.Rejection;
import org.vigie.ingest.config.IngestConfig;
import org.vigie.ingest.domain.BatchReader;
import org.vigie.ingest.domain.DirectIdentifierGuard;
import org.vigie.ingest.domain.EventAdmission;
import org.vigie.ingest.domain.EventAdmission.Admitted;
import org.vigie.ingest.domain.EventAdmission.Refused;
import org.vigie.ingest.domain.EventTimeWindow;
import org.vigie.ingest.messaging.TelemetryPublisher;
import org.vigie.ingest.messaging.TelemetryPublisher.Outgoing;
import org.vigie.ingest.store.EventLedger;
import org.vigie.ingest.store.KnownDevices;

/**
 * One telemetry post, from body to answer: read the batch, admit or refuse each item, check the device and
 * model version are registered, then record the new eventIds and write their events to Kafka in one step
 * (see {@link EventLedger} for why that order loses nothing). Runs on a worker thread: it waits for Kafka.
 *
 * <p>Logs name counts and rules, never an event's content.
 */
@ApplicationScoped
public class TelemetryIngest {

    private static final Logger LOG = Logger.getLogger(TelemetryIngest.class);

    private final BatchReader reader;
    private final EventAdmission admission;
    private final KnownDevices knownDevices;
    private final EventLedger ledger;
    private final TelemetryPublisher publisher;
    private final IngestMetrics metrics;
    private final int retryAfterSeconds;

    public TelemetryIngest(IngestConfig config, KnownDevices knownDevices, EventLedger ledger,
                           TelemetryPublisher publisher, IngestMetrics metrics) {
        this.reader = new BatchReader(VigieJson.mapper(), config.maxBodyBytes(), config.maxEventsPerRequest());
        this.admission = new EventAdmission(ContractSchemas.instance(), new DirectIdentifierGuard(config.maxTextLength()),
                new EventTimeWindow(Clock.systemUTC(), config.futureTolerance(), config.horizon()), VigieJson.mapper());
        this.knownDevices = knownDevices;
        this.ledger = ledger;
        this.publisher = publisher;
        this.metrics = metrics;
        this.retryAfterSeconds = config.retryAfterSeconds();
    }

    @WithSpan("vigie.ingest.batch")
    public IngestResult ingest(String callerDeviceId, byte[] body, boolean ndjson, boolean gzip) {
        List<BatchReader.Item> items;
        try {
            items = reader.read(body, ndjson, gzip);
        } catch (BatchReader.Refusal refusal) {
            throw new ProblemException(refusal.status() == 413
                    ? Problem.of(413, "batch-too-large", "Batch too large", refusal.getMessage())
                    : Problem.of(400, "malformed-body", "Malformed body", refusal.getMessage()));
        }
        metrics.batch(items.size());

        List<Rejection> rejected = new ArrayList<>();
        Map<Integer, Admitted> admitted = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            BatchReader.Item item = items.get(i);
            if (!item.readable()) {
                rejected.add(new Rejection(i, null, null, "Unreadable event", item.unreadable(), ""));
                continue;
            }
            EventAdmission.Verdict verdict = admission.admit(item.document(), callerDeviceId);
            if (verdict instanceof Refused r) {
                rejected.add(new Rejection(i, r.eventId(), r.type(), r.title(), r.detail(), r.pointer()));
            } else {
                admitted.put(i, (Admitted) verdict);
            }
        }
        refuseUnregistered(admitted, rejected);

        // Within the batch, a repeated eventId is a duplicate of its first occurrence.
        Map<UUID, Admitted> unique = new LinkedHashMap<>();
        int duplicates = 0;
        for (Admitted a : admitted.values()) {
            if (unique.putIfAbsent(a.event().eventId(), a) != null) {
                duplicates++;
                metrics.events(a.contract().contractName(), IngestMetrics.DUPLICATE, 1);
            }
        }
        Set<UUID> fresh = write(unique);
        for (Admitted a : unique.values()) {
            metrics.events(a.contract().contractName(),
                    fresh.contains(a.event().eventId()) ? IngestMetrics.ACCEPTED : IngestMetrics.DUPLICATE, 1);
        }
        duplicates += unique.size() - fresh.size();
        for (Rejection r : rejected) {
            metrics.events(r.type(), IngestMetrics.REJECTED, 1);
        }
        rejected.sort(Comparator.comparingInt(Rejection::index));
        return new IngestResult(fresh.size(), duplicates, rejected);
    }

    /** Refuses admitted events whose device or model version is not registered. */
    private void refuseUnregistered(Map<Integer, Admitted> admitted, List<Rejection> rejected) {
        Set<String> unknownDevices = new LinkedHashSet<>();
        for (Admitted a : admitted.values()) {
            if (!registered(a)) {
                unknownDevices.add(a.event().deviceId());
            }
        }
        if (unknownDevices.isEmpty()) {
            return;
        }
        try {
            knownDevices.load(unknownDevices);
        } catch (RuntimeException e) {
            throw unavailable("The device registry is unavailable", e);
        }
        admitted.entrySet().removeIf(entry -> {
            Admitted a = entry.getValue();
            if (registered(a)) {
                return false;
            }
            DeviceEvent event = a.event();
            boolean deviceKnown = knownDevices.isRegistered(event.deviceId(), null);
            rejected.add(new Rejection(entry.getKey(), event.eventId().toString(), a.contract().contractName(),
                    deviceKnown ? "Unknown model version" : "Unknown device",
                    deviceKnown ? "This model version of the device is not registered; register it first."
                            : "The device is not registered.",
                    deviceKnown ? "/modelVersion" : "/deviceId"));
            return true;
        });
    }

    private boolean registered(Admitted a) {
        return knownDevices.isRegistered(a.event().deviceId(), EventAdmission.modelVersion(a.event()).orElse(null));
    }

    private Set<UUID> write(Map<UUID, Admitted> events) {
        if (events.isEmpty()) {
            return Set.of();
        }
        List<EventLedger.Entry> entries = events.values().stream()
                .map(a -> new EventLedger.Entry(a.event().eventId(), a.event().deviceId(), a.eventTime())).toList();
        try {
            return ledger.recordAndPublish(entries, fresh -> publisher.publishAll(fresh.stream()
                    .map(id -> outgoing(events.get(id).event())).toList()));
        } catch (TelemetryPublisher.PublishFailed e) {
            events.values().forEach(a -> metrics.events(a.contract().contractName(), IngestMetrics.UNAVAILABLE, 1));
            throw unavailable("Kafka did not acknowledge the events", e);
        } catch (EventLedger.LedgerUnavailable e) {
            events.values().forEach(a -> metrics.events(a.contract().contractName(), IngestMetrics.UNAVAILABLE, 1));
            throw unavailable("The idempotency ledger is unavailable", e);
        }
    }

    private ProblemException unavailable(String what, Throwable cause) {
        LOG.warnf("%s: %s", what, cause.getClass().getSimpleName());
        return ProblemException.unavailable(what + "; no event of this request was accepted. Send it again later.",
                retryAfterSeconds);
    }

    /** The typed topic of each event type; the key is the deviceId, so one device's events stay in order. */
    static Outgoing<String, ?> outgoing(DeviceEvent event) {
        if (event instanceof InferenceEvent e) {
            return new Outgoing<>(Topics.INFERENCES, e.deviceId(), e);
        }
        if (event instanceof OutcomeEvent e) {
            return new Outgoing<>(Topics.OUTCOMES, e.deviceId(), e);
        }
        if (event instanceof UsageEvent e) {
            return new Outgoing<>(Topics.USAGES, e.deviceId(), e);
        }
        FeedbackEvent e = (FeedbackEvent) event;
        return new Outgoing<>(Topics.FEEDBACK, e.deviceId(), e);
    }
}
