package org.vigie.contracts.events;

/** What the clinician did with the AI output. Overriding or ignoring it more often is an early warning. */
public enum UsageAction {
    VIEWED, ACCEPTED, OVERRIDDEN, IGNORED
}
