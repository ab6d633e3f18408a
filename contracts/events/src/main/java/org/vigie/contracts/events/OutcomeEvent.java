package org.vigie.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** The ground truth for an earlier inference, referenced by the inference's eventId or its caseId. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutcomeEvent(
        String type,
        int schemaVersion,
        UUID eventId,
        String deviceId,
        UUID inferenceEventId,
        String caseId,
        int trueLabel,
        OutcomeSource source,
        Instant observedAt) implements DeviceEvent {

    public static final String TYPE = "outcome";

    public OutcomeEvent {
        type = TYPE;
    }
}
