package org.vigie.alert.domain;

import org.vigie.contracts.events.AlertStatus;

/** An alert was asked to move in a way its lifecycle does not allow; the API answers 409 Conflict. */
public class IllegalAlertTransitionException extends IllegalStateException {

    private final AlertStatus from;
    private final AlertLifecycle.Action action;

    public IllegalAlertTransitionException(AlertStatus from, AlertLifecycle.Action action, String why) {
        super("cannot " + action.name().toLowerCase(java.util.Locale.ROOT) + " an alert that is "
                + from.name().toLowerCase(java.util.Locale.ROOT) + ": " + why);
        this.from = from;
        this.action = action;
    }

    public AlertStatus from() {
        return from;
    }

    public AlertLifecycle.Action action() {
        return action;
    }
}
