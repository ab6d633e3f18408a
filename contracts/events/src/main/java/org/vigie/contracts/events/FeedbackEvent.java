package org.vigie.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A field report from a professional or a patient: a malfunction, a wrong output, a bias or ethics concern,
 * with the harm it caused. Its description is bounded and must not name anyone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeedbackEvent(
        String type,
        int schemaVersion,
        UUID eventId,
        String deviceId,
        String modelVersion,
        String siteId,
        String region,
        Instant reportedAt,
        ReporterRole reporterRole,
        FeedbackCategory category,
        Harm harm,
        String description,
        List<String> imdrfCodes) implements DeviceEvent {

    public static final String TYPE = "feedback";
    /** The longest description accepted; a field report is not a medical record. */
    public static final int MAX_DESCRIPTION_LENGTH = 2000;

    public FeedbackEvent {
        type = TYPE;
        imdrfCodes = imdrfCodes == null ? List.of() : List.copyOf(imdrfCodes);
    }
}
