package org.vigie.ingest.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which event times the ingest edge accepts. A device clock a little ahead is normal (NTP drift,
 * batching gateways), so up to five minutes in the future is tolerated; beyond that the timestamp
 * is wrong and would land the event in a bucket that has not happened yet. Events older than the
 * horizon (default 30 days) are refused because the rollups and drift windows they belong to are
 * closed and the reports built on them published.
 */
public final class EventTimeWindow {

    public static final Duration DEFAULT_FUTURE_TOLERANCE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_HORIZON = Duration.ofDays(30);

    private final Clock clock;
    private final Duration futureTolerance;
    private final Duration horizon;

    public EventTimeWindow(Clock clock) {
        this(clock, DEFAULT_HORIZON);
    }

    public EventTimeWindow(Clock clock, Duration horizon) {
        this(clock, DEFAULT_FUTURE_TOLERANCE, horizon);
    }

    public EventTimeWindow(Clock clock, Duration futureTolerance, Duration horizon) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.futureTolerance = requirePositive("futureTolerance", futureTolerance);
        this.horizon = requirePositive("horizon", horizon);
    }

    /** Empty when accepted; otherwise the reason, naming the bound that was crossed. */
    public Optional<String> rejectionReason(Instant eventTime) {
        if (eventTime == null) {
            return Optional.of("event time is missing");
        }
        Instant now = clock.instant();
        Instant latest = now.plus(futureTolerance);
        if (eventTime.isAfter(latest)) {
            return Optional.of("event time is more than " + describe(futureTolerance) + " in the future (latest accepted "
                    + latest + ")");
        }
        Instant earliest = now.minus(horizon);
        if (eventTime.isBefore(earliest)) {
            return Optional.of("event time is older than the " + describe(horizon) + " horizon (earliest accepted "
                    + earliest + ")");
        }
        return Optional.empty();
    }

    public boolean accepts(Instant eventTime) {
        return rejectionReason(eventTime).isEmpty();
    }

    private static String describe(Duration d) {
        if (d.toDaysPart() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        if (d.equals(Duration.ofMinutes(d.toMinutes()))) {
            return d.toMinutes() + (d.toMinutes() == 1 ? " minute" : " minutes");
        }
        return d.toString();
    }

    private static Duration requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
    }
}
