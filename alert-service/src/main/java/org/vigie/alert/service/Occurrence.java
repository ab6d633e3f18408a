package org.vigie.alert.service;

import java.util.Map;
import java.util.UUID;
import org.vigie.alert.domain.SignalTriage.Finding;

/**
 * One incoming message as the intake sees it: its id (for idempotency), where it came from, what it found, the
 * evidence to keep with the alert, and the W3C trace context it arrived with (null when none), which the alert's
 * deliveries carry on to the subscriber.
 */
public record Occurrence(UUID messageId, String source, String deviceId, String modelVersion, String conditionKey,
                         Finding finding, Map<String, Object> evidence, String traceparent) {

    public Occurrence(UUID messageId, String source, String deviceId, String modelVersion, String conditionKey,
                      Finding finding, Map<String, Object> evidence) {
        this(messageId, source, deviceId, modelVersion, conditionKey, finding, evidence, null);
    }

    public Occurrence tracedBy(String value) {
        return new Occurrence(messageId, source, deviceId, modelVersion, conditionKey, finding, evidence, value);
    }
}
