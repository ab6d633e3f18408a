package org.vigie.observatory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeBucketTest {

    private static final Instant WEDNESDAY = Instant.parse("2024-11-27T14:35:10.123Z");

    @Test
    void bucketsStartInUtc() {
        assertThat(TimeBucket.HOUR.start(WEDNESDAY)).isEqualTo(Instant.parse("2024-11-27T14:00:00Z"));
        assertThat(TimeBucket.DAY.start(WEDNESDAY)).isEqualTo(Instant.parse("2024-11-27T00:00:00Z"));
        assertThat(TimeBucket.WEEK.start(WEDNESDAY)).isEqualTo(Instant.parse("2024-11-25T00:00:00Z"));
        assertThat(TimeBucket.MONTH.start(WEDNESDAY)).isEqualTo(Instant.parse("2024-11-01T00:00:00Z"));
    }

    @Test
    void hoursAndDaysAreTheCalendarsEvenBefore1970() {
        java.util.Random random = new java.util.Random(6);
        for (int i = 0; i < 10_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-4_000_000_000L, 4_000_000_000L), random.nextInt(1_000_000_000));
            assertThat(TimeBucket.HOUR.start(t)).as("%s", t)
                    .isEqualTo(t.atZone(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.HOURS).toInstant());
            assertThat(TimeBucket.DAY.start(t)).as("%s", t)
                    .isEqualTo(t.atZone(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.DAYS).toInstant());
        }
    }

    @Test
    void isoWeeksStartOnMondayEvenAcrossAYear() {
        // Sunday belongs to the week that started the Monday before.
        assertThat(TimeBucket.WEEK.start(Instant.parse("2024-12-01T23:59:59Z"))).isEqualTo(Instant.parse("2024-11-25T00:00:00Z"));
        assertThat(TimeBucket.WEEK.start(Instant.parse("2024-12-02T00:00:00Z"))).isEqualTo(Instant.parse("2024-12-02T00:00:00Z"));
        // 1 January 2025 is a Wednesday: ISO week 1 of 2025 starts on 30 December 2024.
        assertThat(TimeBucket.WEEK.start(Instant.parse("2025-01-01T08:00:00Z"))).isEqualTo(Instant.parse("2024-12-30T00:00:00Z"));
    }

    @Test
    void nextBucketHandlesMonthLengths() {
        assertThat(TimeBucket.MONTH.next(Instant.parse("2024-02-01T00:00:00Z"))).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(TimeBucket.MONTH.next(Instant.parse("2024-12-01T00:00:00Z"))).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(TimeBucket.DAY.next(Instant.parse("2024-03-31T00:00:00Z"))).isEqualTo(Instant.parse("2024-04-01T00:00:00Z"));
    }

    @Test
    void startsBetweenCoverTheRange() {
        assertThat(TimeBucket.DAY.startsBetween(Instant.parse("2024-11-27T10:00:00Z"), Instant.parse("2024-11-29T00:00:00Z")))
                .containsExactly(Instant.parse("2024-11-27T00:00:00Z"), Instant.parse("2024-11-28T00:00:00Z"));
        assertThatThrownBy(() -> TimeBucket.HOUR.startsBetween(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2024-01-01T00:00:00Z")))
                .hasMessageContaining("coarser interval");
        assertThatThrownBy(() -> TimeBucket.DAY.startsBetween(WEDNESDAY, WEDNESDAY)).hasMessageContaining("empty");
    }

    @Test
    void parsesTheIntervalParameter() {
        assertThat(TimeBucket.parse("hour")).isEqualTo(TimeBucket.HOUR);
        assertThat(TimeBucket.parse(" Week ")).isEqualTo(TimeBucket.WEEK);
        assertThat(TimeBucket.MONTH.parameter()).isEqualTo("month");
    }

    @Test
    void aBadIntervalSaysWhatIsAccepted() {
        assertThatThrownBy(() -> TimeBucket.parse("fortnight"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interval 'fortnight' is not supported: use one of hour, day, week, month");
        assertThatThrownBy(() -> TimeBucket.parse(null)).hasMessage("interval is required: one of hour, day, week, month");
        assertThatThrownBy(() -> TimeBucket.parse("x".repeat(500))).hasMessageContaining("…");
    }
}
