package org.vigie.alert.domain.regulatory;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * US federal work days: 21 CFR 803.3 defines a work day as "Monday through Friday, except Federal holidays".
 * The eleven holidays of 5 U.S.C. 6103(a), with the OPM in-lieu rule: a holiday on a Saturday is observed the
 * Friday before, on a Sunday the Monday after (so 1 January 2022, a Saturday, was observed on 31 December 2021).
 * Juneteenth counts from 2021, when it became a federal holiday. Inauguration Day (20 January every four years)
 * is a holiday only in the Washington DC area and is not counted; ad hoc closures by executive order are not
 * foreseeable and are not counted either — both only make our deadline earlier, never later.
 */
public final class UsFederalWorkCalendar implements WorkCalendar {

    private final ConcurrentHashMap<Integer, Set<LocalDate>> observedByYear = new ConcurrentHashMap<>();

    @Override
    public boolean isWorkDay(LocalDate day) {
        return WorkCalendar.weekdays().isWorkDay(day) && !isFederalHoliday(day);
    }

    /** Whether {@code day} is an observed federal holiday. */
    public boolean isFederalHoliday(LocalDate day) {
        // An in-lieu day can fall in the previous year (31 December for New Year's Day), so look at both years.
        return observed(day.getYear()).contains(day) || observed(day.getYear() + 1).contains(day);
    }

    private Set<LocalDate> observed(int year) {
        return observedByYear.computeIfAbsent(year, UsFederalWorkCalendar::holidaysOf);
    }

    private static Set<LocalDate> holidaysOf(int year) {
        Set<LocalDate> days = new HashSet<>();
        days.add(inLieu(LocalDate.of(year, Month.JANUARY, 1)));
        days.add(nth(year, Month.JANUARY, DayOfWeek.MONDAY, 3));      // Birthday of Martin Luther King, Jr.
        days.add(nth(year, Month.FEBRUARY, DayOfWeek.MONDAY, 3));     // Washington's Birthday
        days.add(LocalDate.of(year, Month.MAY, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)));
        if (year >= 2021) {
            days.add(inLieu(LocalDate.of(year, Month.JUNE, 19)));     // Juneteenth National Independence Day
        }
        days.add(inLieu(LocalDate.of(year, Month.JULY, 4)));
        days.add(nth(year, Month.SEPTEMBER, DayOfWeek.MONDAY, 1));    // Labor Day
        days.add(nth(year, Month.OCTOBER, DayOfWeek.MONDAY, 2));      // Columbus Day
        days.add(inLieu(LocalDate.of(year, Month.NOVEMBER, 11)));     // Veterans Day
        days.add(nth(year, Month.NOVEMBER, DayOfWeek.THURSDAY, 4));   // Thanksgiving Day
        days.add(inLieu(LocalDate.of(year, Month.DECEMBER, 25)));
        return Set.copyOf(days);
    }

    private static LocalDate nth(int year, Month month, DayOfWeek dayOfWeek, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, dayOfWeek));
    }

    private static LocalDate inLieu(LocalDate fixed) {
        return switch (fixed.getDayOfWeek()) {
            case SATURDAY -> fixed.minusDays(1);
            case SUNDAY -> fixed.plusDays(1);
            default -> fixed;
        };
    }
}
