package org.vigie.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The simulated span: whole UTC days ending with the day of {@code end} (cut at {@code end}). Every event falls
 * in [start, end]; with at most 29 days and {@code end} a little before now, every event is inside ingest's
 * accepted window (at most 30 days old, at most 5 minutes ahead).
 */
public record Timeline(Instant start, Instant end, int days) {

    public static final int MAX_DAYS = 29;

    public Timeline {
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("days must be between 1 and " + MAX_DAYS + " (ingest refuses events older than 30 days)");
        }
    }

    public static Timeline ending(Instant end, int days) {
        Instant start = end.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days - 1L));
        return new Timeline(start, end, days);
    }

    /** The span ending now, less a minute, so that nothing is ever ahead of ingest's clock. */
    public static Timeline endingNow(int days) {
        return ending(Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS), days);
    }

    public Instant dayStart(int day) {
        return start.plus(Duration.ofDays(day));
    }

    /** {@code end} less this long, but not before the start. */
    public Instant beforeEnd(Duration duration) {
        Instant t = end.minus(duration);
        return t.isBefore(start) ? start : t;
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && !t.isAfter(end);
    }
}
