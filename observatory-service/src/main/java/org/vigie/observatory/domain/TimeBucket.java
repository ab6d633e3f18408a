package org.vigie.observatory.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The {@code interval} of an observatory query. Buckets are in UTC so that a count never moves
 * between buckets with the reader's time zone or a daylight-saving change; weeks are ISO weeks
 * starting on Monday.
 */
public enum TimeBucket {
    HOUR,
    DAY,
    WEEK,
    MONTH;

    /** Beyond this many buckets a query is refused rather than answered slowly. */
    public static final int MAX_BUCKETS = 10_000;

    /**
     * Parses the {@code interval} query parameter ({@code hour}, {@code day}, {@code week},
     * {@code month}; case-insensitive).
     *
     * @throws IllegalArgumentException with a message fit for a 400 problem detail
     */
    public static TimeBucket parse(String interval) {
        if (interval == null || interval.isBlank()) {
            throw new IllegalArgumentException("interval is required: one of " + names());
        }
        String wanted = interval.trim().toLowerCase(Locale.ROOT);
        for (TimeBucket bucket : values()) {
            if (bucket.parameter().equals(wanted)) {
                return bucket;
            }
        }
        throw new IllegalArgumentException("interval '" + abbreviate(interval) + "' is not supported: use one of " + names());
    }

    /** The value of the {@code interval} parameter for this bucket. */
    public String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Start of the bucket containing {@code instant}. */
    public Instant start(Instant instant) {
        // UTC hours and days are fixed numbers of epoch seconds (java.time has no leap seconds): no calendar
        // needed, which matters here as this runs for every event.
        return switch (this) {
            case HOUR -> Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), 3_600L) * 3_600L);
            case DAY -> Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), 86_400L) * 86_400L);
            case WEEK -> instant.atZone(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                    .atStartOfDay(ZoneOffset.UTC).toInstant();
            case MONTH -> {
                ZonedDateTime t = instant.atZone(ZoneOffset.UTC);
                yield LocalDate.of(t.getYear(), t.getMonth(), 1).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
        };
    }

    /** Start of the bucket after the one starting at {@code bucketStart}. */
    public Instant next(Instant bucketStart) {
        ZonedDateTime t = start(bucketStart).atZone(ZoneOffset.UTC);
        return switch (this) {
            case HOUR -> t.plusHours(1).toInstant();
            case DAY -> t.plusDays(1).toInstant();
            case WEEK -> t.plusWeeks(1).toInstant();
            case MONTH -> t.plusMonths(1).toInstant();
        };
    }

    /** Starts of the buckets overlapping [from, to), in order. */
    public List<Instant> startsBetween(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the time range is empty: from must be before to");
        }
        List<Instant> starts = new ArrayList<>();
        for (Instant s = start(from); s.isBefore(to); s = next(s)) {
            if (starts.size() == MAX_BUCKETS) {
                throw new IllegalArgumentException("the time range holds more than " + MAX_BUCKETS + " " + parameter()
                        + " buckets: use a coarser interval or a shorter range");
            }
            starts.add(s);
        }
        return starts;
    }

    private static String names() {
        return String.join(", ", Arrays.stream(values()).map(TimeBucket::parameter).toList());
    }

    private static String abbreviate(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 20 ? printable : printable.substring(0, 20) + "…";
    }
}
