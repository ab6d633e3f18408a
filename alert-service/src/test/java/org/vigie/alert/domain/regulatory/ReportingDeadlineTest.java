package org.vigie.alert.domain.regulatory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigie.alert.domain.regulatory.ReportingDeadline.Basis;

/** Plain JUnit: no Quarkus, no container. */
class ReportingDeadlineTest {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @ParameterizedTest(name = "{0} in {1} + {2} days -> awareness day {3}, due {4}, late from {5}")
    @CsvSource({
            // an ordinary Monday
            "2025-03-03T10:00:00Z, Europe/Paris, 15, 2025-03-03, 2025-03-18, 2025-03-18T23:00:00Z",
            // 23:30 UTC on 31 March is already 1 April in Paris (CEST), still 31 March in Washington
            "2025-03-31T22:30:00Z, Europe/Paris, 15, 2025-04-01, 2025-04-16, 2025-04-16T22:00:00Z",
            "2025-03-31T22:30:00Z, America/New_York, 30, 2025-03-31, 2025-04-30, 2025-05-01T04:00:00Z",
            // the due day is the spring-forward day: midnight after it is in summer time
            "2025-03-20T09:00:00Z, Europe/Paris, 10, 2025-03-20, 2025-03-30, 2025-03-30T22:00:00Z",
            // across the end of the year and the autumn change
            "2025-12-25T12:00:00Z, Europe/Paris, 10, 2025-12-25, 2026-01-04, 2026-01-04T23:00:00Z",
            "2025-10-20T12:00:00Z, Europe/Paris, 10, 2025-10-20, 2025-10-30, 2025-10-30T23:00:00Z",
            // 2 days
            "2025-03-03T10:00:00Z, Europe/Paris, 2, 2025-03-03, 2025-03-05, 2025-03-05T23:00:00Z",
    })
    void calendarDaysAreCountedInTheAuthoritysZone(Instant awareness, ZoneId zone, int days, LocalDate awarenessDay,
                                                   LocalDate due, Instant dueBy) {
        var deadline = ReportingDeadline.calendarDays(awareness, zone, days, Basis.STATUTORY);
        assertThat(deadline.awarenessDay()).isEqualTo(awarenessDay);
        assertThat(deadline.dueDate()).isEqualTo(due);
        assertThat(deadline.dueBy()).isEqualTo(dueBy);
        assertThat(deadline.dayCount()).isEqualTo(ReportingDeadline.DayCount.CALENDAR_DAYS);
    }

    @ParameterizedTest(name = "aware {0} ({1}) + 5 work days -> {2}")
    @CsvSource({
            // across a weekend
            "2025-03-06, federal, 2025-03-13",
            "2025-03-07, federal, 2025-03-14",
            "2025-03-08, federal, 2025-03-14",
            "2025-03-09, federal, 2025-03-14",
            "2025-03-03, federal, 2025-03-10",
            // Independence Day (Friday 4 July 2025) is not a work day under 21 CFR 803.3 ...
            "2025-07-03, federal, 2025-07-11",
            // ... unless the conservative weekdays-only calendar is configured
            "2025-07-03, weekdays, 2025-07-10",
            // Thanksgiving
            "2025-11-26, federal, 2025-12-04",
            "2025-11-26, weekdays, 2025-12-03",
            // Christmas and New Year's Day in one week
            "2025-12-24, federal, 2026-01-02",
            // 4 July 2026 is a Saturday, observed Friday 3 July
            "2026-07-02, federal, 2026-07-10",
    })
    void fiveWorkDays(LocalDate awareDay, String calendar, LocalDate due) {
        WorkCalendar workCalendar = "federal".equals(calendar) ? new UsFederalWorkCalendar() : WorkCalendar.weekdays();
        Instant awareness = awareDay.atTime(12, 0).atZone(NEW_YORK).toInstant();
        var deadline = ReportingDeadline.workDays(awareness, NEW_YORK, 5, workCalendar, Basis.STATUTORY);
        assertThat(deadline.dueDate()).isEqualTo(due);
        assertThat(deadline.dayCount()).isEqualTo(ReportingDeadline.DayCount.WORK_DAYS);
    }

    @Test
    void overdueFromTheFirstInstantAfterTheDueDay() {
        var deadline = ReportingDeadline.calendarDays(Instant.parse("2025-03-03T10:00:00Z"), PARIS, 10,
                Basis.STATUTORY);
        Instant dueBy = Instant.parse("2025-03-13T23:00:00Z");
        assertThat(deadline.dueBy()).isEqualTo(dueBy);

        assertThat(deadline.isOverdue(dueBy.minusSeconds(1))).isFalse();
        assertThat(deadline.overdueBy(dueBy.minusSeconds(1))).isEmpty();
        assertThat(deadline.remaining(dueBy.minusSeconds(1))).isEqualTo(Duration.ofSeconds(1));

        assertThat(deadline.isOverdue(dueBy)).isTrue();
        assertThat(deadline.overdueBy(dueBy)).contains(Duration.ZERO);
        assertThat(deadline.overdueBy(dueBy.plus(Duration.ofHours(36)))).contains(Duration.ofHours(36));
        assertThat(deadline.remaining(dueBy.plus(Duration.ofHours(36)))).isNegative();
    }

    @Test
    void zeroDaysIsDueTheSameDay() {
        var deadline = ReportingDeadline.calendarDays(Instant.parse("2025-03-03T10:00:00Z"), PARIS, 0, Basis.STATUTORY);
        assertThat(deadline.dueDate()).isEqualTo(LocalDate.of(2025, 3, 3));
        assertThat(WorkCalendar.weekdays().plusWorkDays(LocalDate.of(2025, 3, 8), 0)).isEqualTo("2025-03-08");
    }

    @Test
    void rejectsInconsistentDeadlines() {
        assertThatThrownBy(() -> new ReportingDeadline(LocalDate.of(2025, 3, 3), 1,
                ReportingDeadline.DayCount.CALENDAR_DAYS, LocalDate.of(2025, 3, 2), PARIS, Basis.STATUTORY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkCalendar.weekdays().plusWorkDays(LocalDate.of(2025, 3, 3), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
