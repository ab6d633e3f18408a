package org.vigie.alert.domain.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A circuit breaker for one callback endpoint. After {@code failureThreshold} consecutive failures the endpoint
 * is left alone for {@code openDuration} (OPEN): its deliveries wait instead of piling up timeouts that hold
 * worker threads every other subscriber needs. Then one trial delivery is let through (HALF_OPEN): success
 * closes the circuit, failure opens it again for another period.
 *
 * <p>If a granted trial never reports back (the worker crashed), another trial is allowed after
 * {@code openDuration}, so the endpoint cannot stay stuck in HALF_OPEN. Time comes from the injected clock.
 * Methods are synchronized: workers share one breaker per endpoint, and the critical sections are tiny.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    public static final int DEFAULT_FAILURE_THRESHOLD = 5;
    public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(60);

    private final Clock clock;
    private final int failureThreshold;
    private final Duration openDuration;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openedAt;
    private Instant trialGrantedAt;

    public CircuitBreaker(Clock clock, int failureThreshold, Duration openDuration) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1");
        }
        if (openDuration.isNegative() || openDuration.isZero()) {
            throw new IllegalArgumentException("openDuration must be positive");
        }
        this.failureThreshold = failureThreshold;
        this.openDuration = openDuration;
    }

    public static CircuitBreaker withDefaults(Clock clock) {
        return new CircuitBreaker(clock, DEFAULT_FAILURE_THRESHOLD, DEFAULT_OPEN_DURATION);
    }

    /**
     * Whether a delivery may be attempted now. In HALF_OPEN only the first caller gets the trial; others are
     * refused until its outcome is recorded.
     */
    public synchronized boolean tryAcquire() {
        Instant now = clock.instant();
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (now.isBefore(openedAt.plus(openDuration))) {
                    return false;
                }
                state = State.HALF_OPEN;
                trialGrantedAt = now;
                return true;
            case HALF_OPEN:
            default:
                if (!now.isBefore(trialGrantedAt.plus(openDuration))) {
                    trialGrantedAt = now;
                    return true;
                }
                return false;
        }
    }

    public synchronized void recordSuccess() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        openedAt = null;
        trialGrantedAt = null;
    }

    public synchronized void recordFailure() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            state = State.OPEN;
            openedAt = clock.instant();
            trialGrantedAt = null;
        }
    }

    /** The current state, moving OPEN to HALF_OPEN in the report only; acquiring is what grants a trial. */
    public synchronized State state() {
        if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openDuration))) {
            return State.HALF_OPEN;
        }
        return state;
    }

    /** When a delivery to this endpoint may next be tried; now if the circuit is closed. */
    public synchronized Instant retryAfter() {
        Instant now = clock.instant();
        return switch (state) {
            case CLOSED -> now;
            case OPEN -> max(now, openedAt.plus(openDuration));
            case HALF_OPEN -> max(now, trialGrantedAt.plus(openDuration));
        };
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
