package org.vigie.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tracked alert as published by the alert service, with the regulatory obligations it starts. The
 * revision grows with every change, so a consumer can keep the latest.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(
        int schemaVersion,
        UUID alertId,
        long revision,
        String deviceId,
        String modelVersion,
        String manufacturerId,
        List<String> jurisdictions,
        AlertKind kind,
        Severity severity,
        AlertStatus status,
        String title,
        String conditionKey,
        Map<String, Object> evidence,
        Instant firstSeen,
        Instant lastSeen,
        long occurrences,
        Instant awarenessDate,
        List<Obligation> obligations,
        Instant updatedAt) implements VigieEvent {

    public Alert {
        jurisdictions = jurisdictions == null ? List.of() : List.copyOf(jurisdictions);
        obligations = obligations == null ? List.of() : List.copyOf(obligations);
        evidence = evidence == null ? Map.of() : evidence;
    }

    /** A reporting duty: which regulation and article, to whom, by when. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Obligation(
            String regulation,
            String article,
            String authority,
            Instant deadline,
            boolean overdue,
            boolean ethicsChannel,
            String reason) {
    }
}
