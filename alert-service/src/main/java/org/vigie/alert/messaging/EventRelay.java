package org.vigie.alert.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;
import org.vigie.alert.config.AlertSettings;
import org.vigie.alert.service.OutboxSignals;
import org.vigie.alert.store.OutboxEvent;
import org.vigie.contracts.topics.Topics;

/**
 * Relays the event outbox to Kafka: alert revisions to the alerts topic, delivery outcomes to the deliveries topic.
 * Rows are locked while sent and deleted only once the broker acknowledged them, in the same transaction, so a
 * crash re-sends rather than loses (at-least-once; consumers keep the highest revision per alert).
 */
@ApplicationScoped
public class EventRelay {

    private static final Logger LOG = Logger.getLogger(EventRelay.class);

    private final MutinyEmitter<Record<UUID, String>> alerts;
    private final MutinyEmitter<Record<UUID, String>> deliveries;
    private final OutboxSignals signals;
    private final AlertSettings settings;
    private volatile boolean running;
    private Thread thread;

    public EventRelay(@Channel("alerts-out") MutinyEmitter<Record<UUID, String>> alerts,
                      @Channel("alert-deliveries-out") MutinyEmitter<Record<UUID, String>> deliveries,
                      OutboxSignals signals, AlertSettings settings) {
        this.alerts = alerts;
        this.deliveries = deliveries;
        this.signals = signals;
        this.settings = settings;
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "vigie-event-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(5000);
        }
    }

    private void run() {
        while (running) {
            try {
                int relayed = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(this::relayBatch));
                if (relayed == 0) {
                    signals.events().await(settings.relay().pollInterval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                if (!running) {
                    return;
                }
                LOG.warnf("event relay round failed, will retry: %s", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private Uni<Integer> relayBatch() {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery("select * from alert.event_outbox order by id limit "
                        + settings.relay().batchSize() + " for update skip locked", OutboxEvent.class)
                        .getResultList())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    List<Uni<Void>> sends = rows.stream().map(this::send).toList();
                    List<Long> ids = rows.stream().map(r -> r.id).toList();
                    return Uni.join().all(sends).andFailFast()
                            .chain(() -> OutboxEvent.delete("id in ?1", ids))
                            .map(deleted -> rows.size());
                });
    }

    private Uni<Void> send(OutboxEvent row) {
        if (Topics.ALERTS.key().equals(row.topicKey)) {
            return alerts.send(Record.of(row.messageKey, row.payload));
        }
        if (Topics.ALERT_DELIVERIES.key().equals(row.topicKey)) {
            return deliveries.send(Record.of(row.messageKey, row.payload));
        }
        return Uni.createFrom().failure(new IllegalStateException("no channel for topic " + row.topicKey));
    }
}
