package org.vigie.alert.domain.regulatory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Plain JUnit: no Quarkus, no container. */
class UsFederalWorkCalendarTest {

    private final UsFederalWorkCalendar calendar = new UsFederalWorkCalendar();

    @ParameterizedTest(name = "{0} holiday={1}")
    @CsvSource({
            // 2025, from the OPM schedule
            "2025-01-01, true", "2025-01-20, true", "2025-02-17, true", "2025-05-26, true", "2025-06-19, true",
            "2025-07-04, true", "2025-09-01, true", "2025-10-13, true", "2025-11-11, true", "2025-11-27, true",
            "2025-12-25, true",
            // in-lieu days
            "2021-12-31, true",   // New Year's Day 2022 fell on a Saturday
            "2022-12-26, true",   // Christmas 2022 fell on a Sunday
            "2026-07-03, true",   // Independence Day 2026 falls on a Saturday
            "2021-06-18, true",   // the first Juneteenth, a Saturday
            "2020-06-19, false",  // before Juneteenth was a federal holiday
            "2025-11-28, false",  // the day after Thanksgiving is not a federal holiday
            "2025-12-24, false",
    })
    void federalHolidays(LocalDate day, boolean holiday) {
        assertThat(calendar.isFederalHoliday(day)).isEqualTo(holiday);
    }

    @Test
    void twentyTwentyFiveHas250WorkDays() {
        long workDays = Stream.iterate(LocalDate.of(2025, 1, 1), d -> d.getYear() == 2025, d -> d.plusDays(1))
                .filter(calendar::isWorkDay).count();
        // 261 weekdays minus 11 holidays, all on weekdays in 2025.
        assertThat(workDays).isEqualTo(250);
    }

    @Test
    void weekendsAreNeverWorkDays() {
        assertThat(calendar.isWorkDay(LocalDate.of(2025, 3, 8))).isFalse();
        assertThat(calendar.isWorkDay(LocalDate.of(2025, 3, 9))).isFalse();
        assertThat(calendar.isWorkDay(LocalDate.of(2025, 3, 10))).isTrue();
    }
}
