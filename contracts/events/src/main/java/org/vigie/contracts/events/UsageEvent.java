package org.vigie.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** What a clinician did with an AI output. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageEvent(
        String type,
        int schemaVersion,
        UUID eventId,
        String deviceId,
        String modelVersion,
        String siteId,
        String region,
        Instant occurredAt,
        UUID inferenceEventId,
        UsageAction action,
        String userRole,
        String specialty) implements DeviceEvent {

    public static final String TYPE = "usage";

    public UsageEvent {
        type = TYPE;
    }
}
