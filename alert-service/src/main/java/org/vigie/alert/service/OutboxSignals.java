package org.vigie.alert.service;

import jakarta.enterprise.context.ApplicationScoped;

/** The wake-ups of the two outbox workers, rung after a commit that wrote to their tables. */
@ApplicationScoped
public class OutboxSignals {

    private final Wakeup deliveries = new Wakeup();
    private final Wakeup events = new Wakeup();

    public Wakeup deliveries() {
        return deliveries;
    }

    public Wakeup events() {
        return events;
    }

    public void ringAll() {
        deliveries.ring();
        events.ring();
    }
}
