package org.vigie.contracts.events;

/** An alert comes from a drift signal (same names as {@link SignalKind}) or from a field report. */
public enum AlertKind {
    DATA_DRIFT, SCORE_DRIFT, PERFORMANCE_BELOW_CLAIM, ESTIMATED_PERFORMANCE_DROP, SUBGROUP_GAP, USAGE_SHIFT,
    VERSION_REGRESSION, ERROR_RATE_CHANGE, FIELD_REPORT, OBLIGATION_OVERDUE;

    public static AlertKind of(SignalKind kind) {
        return valueOf(kind.name());
    }
}
