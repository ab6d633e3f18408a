package org.vigie.ingest.domain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.vigie.contracts.json.ContractSchemas;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.json.Rfc3339;
import org.vigie.contracts.json.StreamingSchema;

/**
 * Decides, for one item of a telemetry batch, whether it may enter the platform: a device event of a known
 * type, free of direct identifiers, valid against its contract, sent by the device it is about, and timed
 * within the accepted window. The privacy guard runs first, so that an identifier is caught even in an
 * event that is otherwise malformed, and no later message can repeat it.
 *
 * <p>Whether the device and model version are registered is not known here (that needs the registry); the
 * caller checks it on the admitted events.
 */
public final class EventAdmission {

    private final ContractSchemas schemas;
    private final DirectIdentifierGuard guard;
    private final EventTimeWindow window;
    private final ObjectMapper mapper;

    public EventAdmission(ContractSchemas schemas, DirectIdentifierGuard guard, EventTimeWindow window, ObjectMapper mapper) {
        this.schemas = Objects.requireNonNull(schemas, "schemas");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.window = Objects.requireNonNull(window, "window");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** The verdict on one item. */
    public sealed interface Verdict permits Admitted, Refused {
    }

    /**
     * An event fit to be written: its contract, the fields the service acts on (eventId for the ledger, deviceId
     * for the key and the registry, modelVersion for the registry, null for an outcome, which names none; the
     * time it happened, for the window and the ledger's retention), and its JSON as validated (the bytes the
     * item was parsed from, or its tree written once: what goes on the topic).
     */
    public record Admitted(EventContract contract, UUID eventId, String deviceId, String modelVersion, Instant eventTime,
                           byte[] json) implements Verdict {
    }

    /**
     * A refused item. {@code eventId} and {@code type} are repeated only when they are a UUID and a known type,
     * so that a refusal never carries free text from the input; {@code rule} names the check that failed.
     */
    public record Refused(String eventId, String type, String rule, String title, String detail, String pointer)
            implements Verdict {
    }

    /** An admitted event's source bytes are published as they are up to this size; beyond, the tree is written compact. */
    static final int MAX_SOURCE_BYTES = 16 * 1024;

    public Verdict admit(JsonNode item, String callerDeviceId) {
        return admit(item, callerDeviceId, null);
    }

    /**
     * The verdict on one item, given the bytes it was parsed from ({@code source}, may be null): an admitted event
     * is published as those bytes — the document the checks ran on, exactly as the device sent it — unless they
     * are larger than {@link #MAX_SOURCE_BYTES} (padding whitespace must not make a record Kafka refuses), in which
     * case, or without them, the tree is written once.
     */
    public Verdict admit(JsonNode item, String callerDeviceId, byte[] source) {
        if (item == null || !item.isObject()) {
            return new Refused(null, null, "not-an-event", "Not an event", "Each item must be a JSON object.", "");
        }
        String eventId = text(item, "eventId").filter(DirectIdentifierGuard::isUuid).orElse(null);
        Optional<EventContract> contract = text(item, "type").flatMap(EventContract::forDeviceEventType);
        String type = contract.map(EventContract::contractName).orElse(null);

        List<IdentifierViolation> identifiers = guard.inspect(item);
        if (!identifiers.isEmpty()) {
            IdentifierViolation first = identifiers.get(0);
            return new Refused(eventId, type, first.rule().code(), "Direct identifier refused", first.message(),
                    first.pointer());
        }
        if (contract.isEmpty()) {
            return new Refused(eventId, null, "unknown-type", "Unknown event type",
                    "/type must be one of inference, outcome, usage, feedback.", "/type");
        }
        List<ContractSchemas.SchemaViolation> violations = schemas.validate(contract.get(), item);
        if (!violations.isEmpty()) {
            Optional<EventContract> meant = otherContractItSatisfies(contract.get(), item);
            if (meant.isPresent()) {
                return new Refused(eventId, type, "contract", "Event does not match its contract",
                        "/type says " + type + " but the event is a valid " + meant.get().contractName() + " event.",
                        "/type");
            }
            return new Refused(eventId, type, "contract", "Event does not match its contract",
                    ContractFindings.summarise(violations), violations.get(0).pointer());
        }
        // The schema (additionalProperties false, formats asserted) is what the event records read: only the
        // fields the service acts on are read here, not the whole record (that read cost as much as the schema
        // itself). EventAdmissionTest proves every admitted document, examples and edge cases, reads as its record.
        String timeField = eventTimeField(contract.get());
        Instant eventTime;
        try {
            // The usual shape is read directly (a DateTimeFormatter costs more than the rest of the admission);
            // any other shape the schema accepts goes through the reader every consumer uses.
            JsonNode time = item.get(timeField);
            eventTime = time.isTextual() ? Rfc3339.parseStrict(time.textValue()) : null;
            if (eventTime == null) {
                eventTime = mapper.treeToValue(time, Instant.class);
            }
        } catch (Exception e) {
            // The schema accepted it, so this is a gap between schema and record; still the device's item.
            return new Refused(eventId, type, "contract", "Event does not match its contract",
                    "/" + timeField + " is not a date-time the platform can read.", "/" + timeField);
        }
        String deviceId = item.get("deviceId").textValue();
        if (callerDeviceId == null || !callerDeviceId.equals(deviceId)) {
            return new Refused(eventId, type, "not-your-device", "Not your device",
                    "This token may send events only for its own device.", "/deviceId");
        }
        Optional<String> late = window.rejectionReason(eventTime);
        if (late.isPresent()) {
            return new Refused(eventId, type, "event-time", "Event time out of range", late.get(), "/" + timeField);
        }
        byte[] json = source;
        try {
            if (json == null || json.length > MAX_SOURCE_BYTES) {
                json = mapper.writeValueAsBytes(item);
            }
        } catch (Exception e) {
            return new Refused(eventId, type, "contract", "Event does not match its contract",
                    "The event could not be written back as JSON.", "");
        }
        String modelVersion = contract.get() == EventContract.OUTCOME ? null : text(item, "modelVersion").orElse(null);
        return new Admitted(contract.get(), UUID.fromString(eventId), deviceId, modelVersion, eventTime, json);
    }

    /**
     * What the streaming fast path learnt of an event it read whole and found surely valid against its contract
     * and free of direct identifiers (see {@link #prevalidate}): the fields the service acts on, as the tree path
     * would read them.
     */
    public record Prevalidated(EventContract contract, String eventId, String deviceId, String modelVersion,
                               Instant eventTime) {
    }

    /**
     * The fast path of admission, run by {@link BatchReader} while it reads an item (the parser at the item's
     * opening brace): the privacy guard and the contract's schema in one pass over the tokens, without building the
     * item's tree ({@link StreamingSchema}, {@link DirectIdentifierGuard#watching}). It answers only when it is sure
     * the tree path would find no identifier, no schema violation and a strict RFC 3339 event time, and takes the
     * fields {@link #admit} reads; null when it is not (the type is not the first field, a leaf the guard would
     * look at twice, a keyword not compiled for streaming…), and then the item's tree is built and judged as
     * before. The sender and the time window are still checked by {@link #admit(BatchReader.Item, String)}.
     * {@code EventAdmissionTest} checks the two paths give the same verdict.
     */
    public Prevalidated prevalidate(JsonParser parser) throws java.io.IOException {
        if (parser.nextToken() != JsonToken.FIELD_NAME || !"type".equals(parser.currentName())
                || parser.nextToken() != JsonToken.VALUE_STRING) {
            return null;
        }
        String type = parser.getText();
        EventContract contract = EventContract.forDeviceEventType(type).orElse(null);
        if (contract == null) {
            return null;
        }
        String timeField = eventTimeField(contract);
        String[] fields = new String[4]; // eventId, deviceId, modelVersion, time
        StreamingSchema.Leaves leaves = guard.watching((field, value) -> {
            switch (field) {
                case "eventId" -> fields[0] = value;
                case "deviceId" -> fields[1] = value;
                case "modelVersion" -> fields[2] = value;
                default -> {
                    if (field.equals(timeField)) {
                        fields[3] = value;
                    }
                }
            }
            return true;
        });
        if (!schemas.streaming(contract).surelyValidAfter(parser, "type", type, leaves)
                || fields[0] == null || fields[1] == null || fields[3] == null) {
            return null;
        }
        Instant eventTime = Rfc3339.parseStrict(fields[3]);
        return eventTime == null ? null : new Prevalidated(contract, fields[0], fields[1],
                contract == EventContract.OUTCOME ? null : fields[2], eventTime);
    }

    /**
     * The verdict on one item of a batch: from what the fast path learnt when it is sure, and the sender and the
     * time window agree; otherwise (a refusal, or the fast path not sure) from the item's tree, as {@link #admit(
     * JsonNode, String, byte[])} gives it.
     */
    public Verdict admit(BatchReader.Item item, String callerDeviceId) {
        Prevalidated p = item.prevalidated();
        if (p != null && p.deviceId().equals(callerDeviceId) && item.source() != null
                && item.source().length <= MAX_SOURCE_BYTES && window.rejectionReason(p.eventTime()).isEmpty()) {
            return new Admitted(p.contract(), UUID.fromString(p.eventId()), p.deviceId(), p.modelVersion(),
                    p.eventTime(), item.source());
        }
        return admit(item.document(), callerDeviceId, item.source());
    }

    /** The field that holds the time an event happened, which the window and the ledger's retention go by. */
    static String eventTimeField(EventContract contract) {
        return switch (contract) {
            case OUTCOME -> "observedAt";
            case FEEDBACK -> "reportedAt";
            default -> "occurredAt";
        };
    }

    /** A wrong type is the likelier mistake when the event is valid as another type (checked on refusals only). */
    private Optional<EventContract> otherContractItSatisfies(EventContract declared, JsonNode item) {
        for (String other : List.of("inference", "outcome", "usage", "feedback")) {
            Optional<EventContract> candidate = EventContract.forDeviceEventType(other);
            if (candidate.isPresent() && candidate.get() != declared) {
                JsonNode retyped = ((com.fasterxml.jackson.databind.node.ObjectNode) item.deepCopy()).put("type", other);
                if (schemas.validate(candidate.get(), retyped).isEmpty()) {
                    return candidate;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> text(JsonNode item, String field) {
        JsonNode node = item.get(field);
        return node != null && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }

}
