package org.vigie.alert.domain;

import java.time.Instant;
import java.util.Objects;
import org.vigie.contracts.events.AlertStatus;

/**
 * The state of one alert over time, as an immutable value: each method returns the next state, so the service
 * can compare old and new, persist the new one and append the transition to the audit chain.
 *
 * <pre>
 *   OPEN ──acknowledge──▶ ACKNOWLEDGED ──resolve──▶ RESOLVED ──occur──▶ REOPENED
 *    │                                                ▲                  │ │
 *    └─────────────────────resolve────────────────────┘◀────resolve──────┘ └─acknowledge─▶ ACKNOWLEDGED
 * </pre>
 *
 * A recurrence of the condition while the alert is live only counts (occurrences + 1, last seen); after
 * resolution it reopens the alert, because a condition that comes back is exactly what an authority wants to
 * see flagged rather than quietly filed as new. Acknowledging or resolving twice is refused rather than ignored:
 * the note would otherwise be lost and the audit trail would say less than what the user did.
 *
 * @param status         where the alert stands
 * @param occurrences    how many times the condition was seen (1 on opening)
 * @param firstSeen      earliest occurrence; also the default awareness date
 * @param lastSeen       latest occurrence
 * @param reopenings     how many times the alert came back after resolution
 * @param acknowledgedAt when it was last acknowledged, null if not since it was (re)opened
 * @param resolvedAt     when it was last resolved, null unless RESOLVED
 * @param lastNote       the note given with the last acknowledgement or resolution, null if none
 */
public record AlertLifecycle(AlertStatus status, long occurrences, Instant firstSeen, Instant lastSeen,
                             int reopenings, Instant acknowledgedAt, Instant resolvedAt, String lastNote) {

    /** What a user or a signal asks of an alert. */
    public enum Action { OCCUR, ACKNOWLEDGE, RESOLVE }

    public AlertLifecycle {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        if (occurrences < 1) {
            throw new IllegalArgumentException("an alert exists because its condition occurred at least once");
        }
        if (lastSeen.isBefore(firstSeen)) {
            throw new IllegalArgumentException("lastSeen " + lastSeen + " is before firstSeen " + firstSeen);
        }
    }

    /** A new alert for a condition first seen at {@code seenAt}. */
    public static AlertLifecycle open(Instant seenAt) {
        return new AlertLifecycle(AlertStatus.OPEN, 1, seenAt, seenAt, 0, null, null, null);
    }

    /** Open, acknowledged and reopened alerts are live: a recurrence of their condition updates them in place. */
    public static boolean isLive(AlertStatus status) {
        return status != AlertStatus.RESOLVED;
    }

    /** Whether {@code action} is allowed from {@code status}; the table the methods below enforce. */
    public static boolean allows(AlertStatus status, Action action) {
        return switch (action) {
            case OCCUR -> true;
            case ACKNOWLEDGE -> status == AlertStatus.OPEN || status == AlertStatus.REOPENED;
            case RESOLVE -> status != AlertStatus.RESOLVED;
        };
    }

    /**
     * The condition was seen again. Signals may arrive out of order (a late window, a replay from an older
     * offset), so first and last seen widen to cover {@code seenAt} rather than trusting arrival order.
     * Deduplicating a redelivered message is the caller's job (by signal id): this method always counts.
     */
    public AlertLifecycle occur(Instant seenAt) {
        Objects.requireNonNull(seenAt, "seenAt");
        Instant first = seenAt.isBefore(firstSeen) ? seenAt : firstSeen;
        Instant last = seenAt.isAfter(lastSeen) ? seenAt : lastSeen;
        if (status == AlertStatus.RESOLVED) {
            return new AlertLifecycle(AlertStatus.REOPENED, occurrences + 1, first, last, reopenings + 1,
                    null, null, lastNote);
        }
        return new AlertLifecycle(status, occurrences + 1, first, last, reopenings, acknowledgedAt, resolvedAt,
                lastNote);
    }

    public AlertLifecycle acknowledge(Instant at, String note) {
        check(Action.ACKNOWLEDGE, status == AlertStatus.ACKNOWLEDGED ? "it is already acknowledged"
                : "it is resolved; it reopens by itself if the condition recurs");
        return new AlertLifecycle(AlertStatus.ACKNOWLEDGED, occurrences, firstSeen, lastSeen, reopenings,
                Objects.requireNonNull(at, "at"), null, requiredNote(note));
    }

    public AlertLifecycle resolve(Instant at, String note) {
        check(Action.RESOLVE, "it is already resolved");
        return new AlertLifecycle(AlertStatus.RESOLVED, occurrences, firstSeen, lastSeen, reopenings,
                acknowledgedAt, Objects.requireNonNull(at, "at"), requiredNote(note));
    }

    private void check(Action action, String why) {
        if (!allows(status, action)) {
            throw new IllegalAlertTransitionException(status, action, why);
        }
    }

    private static String requiredNote(String note) {
        // The issue asks for a note on acknowledge and resolve: an authority reading the trail must see why.
        if (note == null || note.isBlank()) {
            throw new IllegalArgumentException("a note is required to acknowledge or resolve an alert");
        }
        return note.strip();
    }
}
