package org.vigie.alert.domain.delivery;

import java.time.Instant;

/** What to do with a delivery after a failed attempt. */
public sealed interface RetryDecision {

    /** Try again at {@code at}; it will be attempt number {@code attempt} (1 was the first try). */
    record RetryAt(Instant at, int attempt) implements RetryDecision {
    }

    /** Give up: move to the dead-letter state, visible in the delivery log and replayable by hand. */
    record DeadLetter(int attempts, String reason) implements RetryDecision {
    }
}
