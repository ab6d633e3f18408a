package org.vigie.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.vigie.contracts.events.DeviceEvent;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.UsageEvent;
import org.vigie.contracts.json.ContractSchemas;
import org.vigie.contracts.json.EventContract;

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

    private static final Pattern UUID_SHAPE = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

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
     * An event fit to be written: its contract, the typed record, the time it happened, and its JSON as validated
     * (the item's tree written once; what goes on the topic, since the record was proved to read it).
     */
    public record Admitted(EventContract contract, DeviceEvent event, Instant eventTime, byte[] json) implements Verdict {
    }

    /**
     * A refused item. {@code eventId} and {@code type} are repeated only when they are a UUID and a known type,
     * so that a refusal never carries free text from the input; {@code rule} names the check that failed.
     */
    public record Refused(String eventId, String type, String rule, String title, String detail, String pointer)
            implements Verdict {
    }

    public Verdict admit(JsonNode item, String callerDeviceId) {
        if (item == null || !item.isObject()) {
            return new Refused(null, null, "not-an-event", "Not an event", "Each item must be a JSON object.", "");
        }
        String eventId = text(item, "eventId").filter(id -> UUID_SHAPE.matcher(id).matches()).orElse(null);
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
        DeviceEvent event;
        try {
            event = (DeviceEvent) mapper.treeToValue(item, contract.get().recordType());
        } catch (Exception e) {
            // The schema accepted it, so this is a gap between schema and record; still the device's item.
            return new Refused(eventId, type, "contract", "Event does not match its contract",
                    "The event could not be read as a " + type + " event.", "");
        }
        if (callerDeviceId == null || !callerDeviceId.equals(event.deviceId())) {
            return new Refused(eventId, type, "not-your-device", "Not your device",
                    "This token may send events only for its own device.", "/deviceId");
        }
        Instant eventTime = eventTime(event);
        Optional<String> late = window.rejectionReason(eventTime);
        if (late.isPresent()) {
            return new Refused(eventId, type, "event-time", "Event time out of range", late.get(),
                    "/" + eventTimeField(event));
        }
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(item);
        } catch (Exception e) {
            return new Refused(eventId, type, "contract", "Event does not match its contract",
                    "The event could not be written back as JSON.", "");
        }
        return new Admitted(contract.get(), event, eventTime, json);
    }

    /** The time an event happened, which the window and the ledger's retention go by. */
    public static Instant eventTime(DeviceEvent event) {
        if (event instanceof InferenceEvent e) {
            return e.occurredAt();
        }
        if (event instanceof OutcomeEvent e) {
            return e.observedAt();
        }
        if (event instanceof UsageEvent e) {
            return e.occurredAt();
        }
        return ((FeedbackEvent) event).reportedAt();
    }

    /** The model version an event names; outcomes name none (they refer to an inference). */
    public static Optional<String> modelVersion(DeviceEvent event) {
        if (event instanceof InferenceEvent e) {
            return Optional.ofNullable(e.modelVersion());
        }
        if (event instanceof UsageEvent e) {
            return Optional.ofNullable(e.modelVersion());
        }
        if (event instanceof FeedbackEvent e) {
            return Optional.ofNullable(e.modelVersion());
        }
        return Optional.empty();
    }

    private static String eventTimeField(DeviceEvent event) {
        return event instanceof OutcomeEvent ? "observedAt" : event instanceof FeedbackEvent ? "reportedAt" : "occurredAt";
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
