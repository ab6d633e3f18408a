package org.vigie.drift.domain;

import java.time.Instant;
import java.util.UUID;
import org.vigie.contracts.events.DriftSignal;

/**
 * The outcome of one check of one condition on one window: present (the condition holds), absent, or
 * not decidable for lack of data. {@code evidence} is the signal that would be published, without its
 * identity and detection time; the query API shows it whatever the status.
 */
public record Finding(Status status, DriftSignal evidence) {

    public enum Status { PRESENT, ABSENT, INSUFFICIENT_DATA }

    public String conditionKey() {
        return evidence.conditionKey();
    }

    /** The publishable signal: the evidence with its deterministic id and the stream time of detection. */
    public DriftSignal signal(UUID signalId, Instant detectedAt) {
        DriftSignal e = evidence;
        return new DriftSignal(e.schemaVersion(), signalId, e.conditionKey(), e.deviceId(), e.modelVersion(),
                e.siteId(), e.kind(), e.severity(), e.metric(), e.feature(), e.subgroup(), e.window(), e.statistic(),
                e.value(), e.claim(), e.interval(), e.pValue(), e.sampleSizes(), e.reference(), e.estimate(),
                e.evidence(), detectedAt);
    }
}
