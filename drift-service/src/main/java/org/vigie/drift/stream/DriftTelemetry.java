package org.vigie.drift.stream;

import org.vigie.contracts.events.SignalKind;

/** What the topology reports to metrics; the CDI layer binds it to Micrometer, tests use {@link #NONE}. */
public interface DriftTelemetry {

    DriftTelemetry NONE = new DriftTelemetry() {
    };

    default void signal(SignalKind kind) {
    }

    /** An input that could not be used: unregistered version, late event, unmatched outcome, … */
    default void dropped(String reason) {
    }

    default void windowJudged(String part) {
    }
}
