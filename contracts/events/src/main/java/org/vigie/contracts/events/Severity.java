package org.vigie.contracts.events;

/** Ordered from least to most severe; subscriptions filter on a minimum. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    public boolean atLeast(Severity minimum) {
        return compareTo(minimum) >= 0;
    }
}
