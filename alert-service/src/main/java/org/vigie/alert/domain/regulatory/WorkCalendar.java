package org.vigie.alert.domain.regulatory;

import java.time.DayOfWeek;
import java.time.LocalDate;

/** Which days count as work days for a "work days" deadline. */
@FunctionalInterface
public interface WorkCalendar {

    boolean isWorkDay(LocalDate day);

    /** Monday to Friday, no holidays: the conservative reading (the earliest possible deadline). */
    static WorkCalendar weekdays() {
        return day -> day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }

    /**
     * The day that is {@code workDays} work days after {@code start}; the start day itself never counts, as in
     * "within 5 work days after the day you become aware" (21 CFR 803.53).
     */
    default LocalDate plusWorkDays(LocalDate start, int workDays) {
        if (workDays < 0) {
            throw new IllegalArgumentException("workDays must be >= 0");
        }
        LocalDate day = start;
        int counted = 0;
        while (counted < workDays) {
            day = day.plusDays(1);
            if (isWorkDay(day)) {
                counted++;
            }
        }
        return day;
    }
}
