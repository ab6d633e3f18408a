package org.vigie.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One prediction made by a device at a site. Pseudonymous: the caseId is the site's own pseudonym, and no
 * direct identifier may appear anywhere in it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferenceEvent(
        String type,
        int schemaVersion,
        UUID eventId,
        String deviceId,
        String modelVersion,
        String siteId,
        String siteType,
        String region,
        Instant occurredAt,
        String caseId,
        Map<String, Object> features,
        double score,
        Integer predictedLabel,
        Map<String, String> subgroups,
        Double latencyMs,
        Double energyJoules) implements DeviceEvent {

    public static final String TYPE = "inference";

    public InferenceEvent {
        type = TYPE;
        features = features == null ? Map.of() : features;
        subgroups = subgroups == null ? Map.of() : subgroups;
    }
}
