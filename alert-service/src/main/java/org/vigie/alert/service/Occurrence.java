package org.vigie.alert.service;

import java.util.Map;
import java.util.UUID;
import org.vigie.alert.domain.SignalTriage.Finding;

/**
 * One incoming message as the intake sees it: its id (for idempotency), where it came from, what it found and the
 * evidence to keep with the alert.
 */
public record Occurrence(UUID messageId, String source, String deviceId, String modelVersion, String conditionKey,
                         Finding finding, Map<String, Object> evidence) {
}
