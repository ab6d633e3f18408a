package org.vigie.contracts.events;

public enum AlertStatus {
    OPEN, ACKNOWLEDGED, RESOLVED, REOPENED
}
