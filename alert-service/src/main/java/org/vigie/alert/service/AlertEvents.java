package org.vigie.alert.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.vigie.contracts.events.Alert;

/**
 * New and changed alerts of this instance, after commit, for the server-sent event stream. Each stream filters
 * by its caller's visibility. In-memory on purpose: a client that reconnects reads the list API for what it
 * missed, and the Kafka topic is the durable feed.
 */
@ApplicationScoped
public class AlertEvents {

    private final BroadcastProcessor<Alert> processor = BroadcastProcessor.create();

    public void publish(List<Alert> alerts) {
        alerts.forEach(processor::onNext);
    }

    public Multi<Alert> stream() {
        return processor;
    }
}
