package org.vigie.ingest.service;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
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
import org.vigie.contracts.events.IngestRejection;
import org.vigie.contracts.events.VigieEvent;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.topics.Topic;
import org.vigie.contracts.http.ProblemException;
import org.vigie.contracts.json.ContractSchemas;
import org.vigie.contracts.json.VigieJson;
import org.vigie.contracts.topics.Topics;
import org.vigie.ingest.api.IngestResult;
import org.vigie.ingest.api.IngestResult.Rejection;
import org.vigie.ingest.config.IngestConfig;
import org.vigie.ingest.domain.BatchReader;
import org.vigie.ingest.domain.DeviceRateLimit;
import org.vigie.ingest.domain.DirectIdentifierGuard;
import org.vigie.ingest.domain.EventAdmission;
import org.vigie.ingest.domain.EventAdmission.Admitted;
import org.vigie.ingest.domain.EventAdmission.Refused;
import org.vigie.ingest.domain.EventTimeWindow;
import org.vigie.ingest.messaging.TelemetryPublisher;
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
    private final DeviceRateLimit rateLimit;
    private final String rateLimitDescription;

    /** A dead letter larger than this carries no copy of the item (Kafka's default record limit is 1 MiB). */
    static final int MAX_DEAD_LETTER_BYTES = 64 * 1024;

    public TelemetryIngest(IngestConfig config, KnownDevices knownDevices, EventLedger ledger,
                           TelemetryPublisher publisher, IngestMetrics metrics) {
        this.rateLimit = new DeviceRateLimit(config.rateLimit().eventsPerSecond(), config.rateLimit().burst(),
                System::nanoTime);
        this.rateLimitDescription = config.rateLimit().eventsPerSecond() + " events per second (bursts of "
                + config.rateLimit().burst() + ")";
        this.admission = new EventAdmission(ContractSchemas.instance(), new DirectIdentifierGuard(config.maxTextLength()),
                new EventTimeWindow(Clock.systemUTC(), config.futureTolerance(), config.horizon()), VigieJson.mapper());
        this.reader = new BatchReader(VigieJson.mapper(), config.maxBodyBytes(), config.maxEventsPerRequest(),
                admission::prevalidate);
        this.knownDevices = knownDevices;
        this.ledger = ledger;
        this.publisher = publisher;
        this.metrics = metrics;
        this.retryAfterSeconds = config.retryAfterSeconds();
    }

    @WithSpan("vigie.ingest.batch")
    public IngestResult ingest(String callerDeviceId, String callerManufacturerId, byte[] body, boolean ndjson,
                               boolean gzip) {
        if (callerDeviceId == null) {
            throw new ProblemException(Problem.of(403, "forbidden", "Forbidden", "This token names no device."));
        }
        List<BatchReader.Item> items;
        try {
            items = reader.read(body, ndjson, gzip);
        } catch (BatchReader.Refusal refusal) {
            throw new ProblemException(refusal.status() == 413
                    ? Problem.of(413, "batch-too-large", "Batch too large", refusal.getMessage())
                    : Problem.of(400, "malformed-body", "Malformed body", refusal.getMessage()));
        }
        metrics.batch(items.size());
        admitRate(callerDeviceId, items);
        try {
            return ingest(callerDeviceId, callerManufacturerId, items);
        } catch (ProblemException e) {
            if (e.problem().status() == 503) {
                rateLimit.refund(callerDeviceId, items.size()); // nothing was written: the retry may pass
            }
            throw e;
        }
    }

    /**
     * The device's token bucket, before any work on the items: a refused post costs a parse, takes no token, and
     * nothing of it is accepted, recorded or dead-lettered.
     */
    private void admitRate(String deviceId, List<BatchReader.Item> items) {
        if (items.size() > rateLimit.burst()) {
            throw new ProblemException(Problem.of(413, "batch-too-large", "Batch too large",
                    "This device may send at most " + rateLimit.burst() + " events at once; split the batch."));
        }
        DeviceRateLimit.Decision decision = rateLimit.tryAcquire(deviceId, items.size());
        if (!decision.allowed()) {
            Map<String, Integer> byType = new HashMap<>();
            for (BatchReader.Item item : items) {
                byType.merge(knownType(item), 1, Integer::sum);
            }
            byType.forEach((type, n) -> metrics.events(type, IngestMetrics.RATE_LIMITED, n));
            metrics.rateLimited();
            LOG.debugf("rate limit: a post of %d events refused", items.size());
            throw new ProblemException(Problem.of(429, "rate-limited", "Too many events",
                    "This device sends more than " + rateLimitDescription + "; nothing of this request was accepted."
                            + " Send it again after Retry-After seconds."),
                    Map.of("Retry-After", Long.toString(decision.retryAfterSeconds())));
        }
    }

    private IngestResult ingest(String callerDeviceId, String callerManufacturerId, List<BatchReader.Item> items) {
        Instant receivedAt = Instant.now();
        List<Rejection> rejected = new ArrayList<>();
        Map<Integer, String> rules = new HashMap<>();
        Map<Integer, Admitted> admitted = new LinkedHashMap<>();
        EventAdmission.Verdict[] verdicts = admitAll(items, callerDeviceId);
        for (int i = 0; i < items.size(); i++) {
            BatchReader.Item item = items.get(i);
            if (!item.readable()) {
                rejected.add(new Rejection(i, null, null, "Unreadable event", item.unreadable(), ""));
                rules.put(i, "unreadable");
                continue;
            }
            if (verdicts[i] instanceof Refused r) {
                rejected.add(new Rejection(i, r.eventId(), r.type(), r.title(), r.detail(), r.pointer()));
                rules.put(i, r.rule());
            } else {
                admitted.put(i, (Admitted) verdicts[i]);
            }
        }
        refuseUnregistered(admitted, rejected, rules);
        rejected.sort(Comparator.comparingInt(Rejection::index));

        // Within the batch, a repeated eventId is a duplicate of its first occurrence.
        Map<UUID, Admitted> unique = new LinkedHashMap<>();
        int duplicates = 0;
        for (Admitted a : admitted.values()) {
            if (unique.putIfAbsent(a.eventId(), a) != null) {
                duplicates++;
                metrics.events(a.contract().contractName(), IngestMetrics.DUPLICATE, 1);
            }
        }
        List<DeadLetter> deadLetters = deadLetters(callerDeviceId, callerManufacturerId, receivedAt, items, rejected, rules);
        Set<UUID> fresh = write(unique, deadLetters, rejected);
        Map<String, int[]> counts = new HashMap<>();
        for (Admitted a : unique.values()) {
            String outcome = fresh.contains(a.eventId()) ? IngestMetrics.ACCEPTED : IngestMetrics.DUPLICATE;
            counts.computeIfAbsent(a.contract().contractName() + '|' + outcome, k -> new int[1])[0]++;
        }
        for (Rejection r : rejected) {
            counts.computeIfAbsent((r.type() == null ? IngestMetrics.UNKNOWN_TYPE : r.type()) + '|' + IngestMetrics.REJECTED,
                    k -> new int[1])[0]++;
        }
        counts.forEach((key, n) -> {
            int bar = key.indexOf('|');
            metrics.events(key.substring(0, bar), key.substring(bar + 1), n[0]);
        });
        duplicates += unique.size() - fresh.size();
        if (!rejected.isEmpty()) {
            LOG.debugf("%d of %d items refused and dead-lettered", rejected.size(), items.size());
        }
        return new IngestResult(fresh.size(), duplicates, rejected);
    }

    /**
     * Admission of every item, on the request's thread. Items are independent and the checks thread-safe, so this
     * could run in parallel chunks; it does not, on purpose: under load the concurrent requests already keep every
     * core busy, and splitting a batch would only move work between threads (see BENCHMARKS.md).
     */
    private EventAdmission.Verdict[] admitAll(List<BatchReader.Item> items, String callerDeviceId) {
        EventAdmission.Verdict[] verdicts = new EventAdmission.Verdict[items.size()];
        for (int i = 0; i < items.size(); i++) {
            BatchReader.Item item = items.get(i);
            if (item.readable()) {
                verdicts[i] = admission.admit(item, callerDeviceId);
            }
        }
        return verdicts;
    }

    /** The item's type when it is a known device event type, for metrics; "unknown" otherwise. */
    private static String knownType(BatchReader.Item item) {
        if (item.prevalidated() != null) {
            return item.prevalidated().contract().contractName();
        }
        if (item.readable() && item.document().isObject()) {
            JsonNode type = item.document().get("type");
            if (type != null && type.isTextual()) {
                return EventContract.forDeviceEventType(type.textValue()).map(EventContract::contractName)
                        .orElse(IngestMetrics.UNKNOWN_TYPE);
            }
        }
        return IngestMetrics.UNKNOWN_TYPE;
    }

    /** A dead letter, serialised once for both the topic and the table. */
    record DeadLetter(IngestRejection rejection, byte[] document) {
    }

    /**
     * The batch's dead letters. The refused item is attached only when it is a JSON object the privacy guard
     * inspected whole and found clean: every refusal but the guard's own comes after the guard, so such an item is
     * as clean as an accepted event. A privacy refusal, an unreadable line or a non-object item carries no copy
     * (see {@link IngestRejection} for why not even a redacted one), nor does an item too large for a record.
     */
    static List<DeadLetter> deadLetters(String deviceId, String manufacturerId, Instant receivedAt,
                                        List<BatchReader.Item> items, List<Rejection> rejected, Map<Integer, String> rules) {
        List<DeadLetter> letters = new ArrayList<>(rejected.size());
        for (Rejection r : rejected) {
            String rule = rules.getOrDefault(r.index(), "refused");
            BatchReader.Item item = items.get(r.index());
            ObjectNode event = !IngestRejection.isPrivacyRule(rule) && !"unreadable".equals(rule) && item.readable()
                    && item.document() instanceof ObjectNode o ? o : null;
            IngestRejection rejection = rejection(deviceId, manufacturerId, receivedAt, r, rule, event);
            byte[] document = Topics.INGEST_REJECTIONS.valueSerde().serialize(Topics.INGEST_REJECTIONS.name(), rejection);
            if (event != null && document.length > MAX_DEAD_LETTER_BYTES) {
                rejection = rejection(deviceId, manufacturerId, receivedAt, r, rule, null);
                document = Topics.INGEST_REJECTIONS.valueSerde().serialize(Topics.INGEST_REJECTIONS.name(), rejection);
            }
            letters.add(new DeadLetter(rejection, document));
        }
        return letters;
    }

    private static IngestRejection rejection(String deviceId, String manufacturerId, Instant receivedAt, Rejection r,
                                             String rule, ObjectNode event) {
        return new IngestRejection(VigieEvent.CURRENT_SCHEMA_VERSION, UUID.randomUUID(),
                r.eventId() == null ? null : UUID.fromString(r.eventId()), deviceId, manufacturerId, r.type(), r.index(),
                rule, cut(r.title(), 200, ""), cut(r.detail() == null || r.detail().isEmpty() ? r.title() : r.detail(), 1000, ""),
                cut(r.pointer() == null ? "" : r.pointer(), IngestRejection.MAX_POINTER_LENGTH, "\u2026"), receivedAt, event);
    }

    private static String cut(String text, int max, String ellipsis) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        return text.length() <= max ? text : text.substring(0, max - ellipsis.length()) + ellipsis;
    }

    /** Refuses admitted events whose device or model version is not registered. */
    private void refuseUnregistered(Map<Integer, Admitted> admitted, List<Rejection> rejected, Map<Integer, String> rules) {
        Set<String> unknownDevices = new LinkedHashSet<>();
        for (Admitted a : admitted.values()) {
            if (!registered(a)) {
                unknownDevices.add(a.deviceId());
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
            boolean deviceKnown = knownDevices.isRegistered(a.deviceId(), null);
            rejected.add(new Rejection(entry.getKey(), a.eventId().toString(), a.contract().contractName(),
                    deviceKnown ? "Unknown model version" : "Unknown device",
                    deviceKnown ? "This model version of the device is not registered; register it first."
                            : "The device is not registered.",
                    deviceKnown ? "/modelVersion" : "/deviceId"));
            rules.put(entry.getKey(), deviceKnown ? "unknown-model-version" : "unknown-device");
            return true;
        });
    }

    private boolean registered(Admitted a) {
        return knownDevices.isRegistered(a.deviceId(), a.modelVersion());
    }

    private Set<UUID> write(Map<UUID, Admitted> events, List<DeadLetter> deadLetters, List<Rejection> rejected) {
        if (events.isEmpty() && deadLetters.isEmpty()) {
            return Set.of();
        }
        List<EventLedger.Entry> entries = events.values().stream()
                .map(a -> new EventLedger.Entry(a.eventId(), a.deviceId(), a.eventTime())).toList();
        List<EventLedger.Rejected> stored = deadLetters.stream()
                .map(d -> new EventLedger.Rejected(d.rejection().rejectionId(), d.rejection().deviceId(),
                        d.rejection().receivedAt(), new String(d.document(), StandardCharsets.UTF_8))).toList();
        try {
            return ledger.recordAndPublish(entries, stored, fresh -> {
                List<TelemetryPublisher.Message> records = new ArrayList<>(fresh.size() + deadLetters.size());
                for (Admitted a : events.values()) { // batch order, so a device's events stay in order
                    if (fresh.contains(a.eventId())) {
                        records.add(written(a));
                    }
                }
                for (DeadLetter d : deadLetters) {
                    records.add(new TelemetryPublisher.Written(Topics.INGEST_REJECTIONS, d.rejection().deviceId(),
                            d.document()));
                }
                publisher.publishAll(records);
            });
        } catch (TelemetryPublisher.PublishFailed e) {
            countUnavailable(events, rejected);
            throw unavailable("Kafka did not acknowledge the events", e);
        } catch (EventLedger.LedgerUnavailable e) {
            countUnavailable(events, rejected);
            throw unavailable("The idempotency ledger is unavailable", e);
        }
    }

    private void countUnavailable(Map<UUID, Admitted> events, List<Rejection> rejected) {
        events.values().forEach(a -> metrics.events(a.contract().contractName(), IngestMetrics.UNAVAILABLE, 1));
        rejected.forEach(r -> metrics.events(r.type(), IngestMetrics.UNAVAILABLE, 1));
    }

    private ProblemException unavailable(String what, Throwable cause) {
        LOG.warnf("%s: %s", what, cause.getClass().getSimpleName());
        return ProblemException.unavailable(what + "; no event of this request was accepted. Send it again later.",
                retryAfterSeconds);
    }

    /**
     * The event on its typed topic, keyed by deviceId (one device's events stay in order), its value the JSON the
     * contract validated, written from the tree (no record round trip; {@link EventAdmission} has proved the
     * record reads it).
     */
    private static TelemetryPublisher.Written written(Admitted a) {
        return new TelemetryPublisher.Written(topic(a.contract()), a.deviceId(), a.json());
    }

    private static Topic<String, ?> topic(EventContract contract) {
        return switch (contract) {
            case INFERENCE -> Topics.INFERENCES;
            case OUTCOME -> Topics.OUTCOMES;
            case USAGE -> Topics.USAGES;
            case FEEDBACK -> Topics.FEEDBACK;
            default -> throw new IllegalArgumentException("not a device event: " + contract);
        };
    }
}
