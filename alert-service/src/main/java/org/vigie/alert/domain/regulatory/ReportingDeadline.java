package org.vigie.alert.domain.regulatory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * When a report is due.
 *
 * <p>Awareness is an {@link Instant} (when the platform or the manufacturer learned of the condition: a signal's
 * detection, a field report's receipt). The legal texts count days ("not later than 15 days after"), and a day
 * only exists in a time zone: an alert raised at 23:30 UTC on 31 March is already 1 April in Paris. Days are
 * counted in the <b>recipient authority's zone</b> (Europe/Paris for ANSM, America/New_York for the FDA),
 * because that is the calendar the authority will judge the report by. The awareness day is day 0; the report
 * is due by the end of the due day in that zone, and overdue from the first instant of the next day.
 *
 * @param awarenessDay the day of awareness in {@code zone}
 * @param days         the number of days allowed
 * @param dayCount     calendar or work days
 * @param dueDate      the last day on which the report is on time
 * @param zone         the zone the days are counted in
 * @param basis        whether the day count is written in the law or is Vigie's configurable default
 */
public record ReportingDeadline(LocalDate awarenessDay, int days, DayCount dayCount, LocalDate dueDate, ZoneId zone,
                                Basis basis) {

    public enum DayCount { CALENDAR_DAYS, WORK_DAYS }

    public enum Basis {
        /** The day count is in the regulation (MDR Art. 87, AI Act Art. 73, 21 CFR 803). */
        STATUTORY,
        /** The regulation sets no day count (MDR Art. 88 trend reports, the ethics channel); ours is a default. */
        POLICY_DEFAULT
    }

    public ReportingDeadline {
        Objects.requireNonNull(awarenessDay, "awarenessDay");
        Objects.requireNonNull(dayCount, "dayCount");
        Objects.requireNonNull(dueDate, "dueDate");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(basis, "basis");
        if (dueDate.isBefore(awarenessDay)) {
            throw new IllegalArgumentException("due date before awareness day");
        }
    }

    public static ReportingDeadline calendarDays(Instant awareness, ZoneId zone, int days, Basis basis) {
        LocalDate awarenessDay = awareness.atZone(zone).toLocalDate();
        return new ReportingDeadline(awarenessDay, days, DayCount.CALENDAR_DAYS, awarenessDay.plusDays(days), zone,
                basis);
    }

    public static ReportingDeadline workDays(Instant awareness, ZoneId zone, int days, WorkCalendar calendar,
                                             Basis basis) {
        LocalDate awarenessDay = awareness.atZone(zone).toLocalDate();
        return new ReportingDeadline(awarenessDay, days, DayCount.WORK_DAYS,
                calendar.plusWorkDays(awarenessDay, days), zone, basis);
    }

    /** The first instant at which the report is late: midnight at the end of the due day, in the authority's zone. */
    public Instant dueBy() {
        return dueDate.plusDays(1).atStartOfDay(zone).toInstant();
    }

    public boolean isOverdue(Instant now) {
        return !now.isBefore(dueBy());
    }

    /** How late the report is at {@code now}, empty while it is still on time. */
    public Optional<Duration> overdueBy(Instant now) {
        return isOverdue(now) ? Optional.of(Duration.between(dueBy(), now)) : Optional.empty();
    }

    /** Time left at {@code now}; negative once overdue. */
    public Duration remaining(Instant now) {
        return Duration.between(now, dueBy());
    }
}
