package org.vigie.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.UUID;

/**
 * What a device sends: the four telemetry events, told apart by their {@code type} in a mixed batch.
 * The eventId is the idempotency key; the deviceId is the Kafka key, so one device's events stay ordered.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type", visible = true)
@JsonSubTypes({
        @JsonSubTypes.Type(value = InferenceEvent.class, name = InferenceEvent.TYPE),
        @JsonSubTypes.Type(value = OutcomeEvent.class, name = OutcomeEvent.TYPE),
        @JsonSubTypes.Type(value = UsageEvent.class, name = UsageEvent.TYPE),
        @JsonSubTypes.Type(value = FeedbackEvent.class, name = FeedbackEvent.TYPE)
})
public sealed interface DeviceEvent extends VigieEvent
        permits InferenceEvent, OutcomeEvent, UsageEvent, FeedbackEvent {

    String type();

    UUID eventId();

    String deviceId();
}
