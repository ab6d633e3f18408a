package org.vigie.observatory.store;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.vigie.observatory.config.ObservatoryConfig;

/**
 * Bounds the idempotency tables: eventIds applied more than {@code dedup-retention-days} ago are forgotten,
 * hourly, in slices so that a purge never holds long locks. An event older than that can no longer be
 * replayed from Kafka (35-day retention) nor accepted by ingest (30-day horizon).
 */
@ApplicationScoped
public class SeenRetention {

    private static final Logger LOG = Logger.getLogger(SeenRetention.class);
    private static final long HOUR_MS = 3_600_000L;

    private final Pool pool;
    private final Vertx vertx;
    private final int retentionDays;
    private long timer = -1;

    public SeenRetention(Pool pool, Vertx vertx, ObservatoryConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.retentionDays = config.dedupRetentionDays();
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(HOUR_MS, id -> purge().subscribe().with(
                n -> LOG.debugf("Forgot %d applied eventIds", n), e -> LOG.warn("Purge of applied eventIds failed", e)));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    public io.smallrye.mutiny.Uni<Integer> purge() {
        Tuple cutoff = Tuple.of(retentionDays);
        return pool.preparedQuery("DELETE FROM observatory.event_seen WHERE event_id IN (SELECT event_id FROM"
                        + " observatory.event_seen WHERE applied_on < current_date - $1::int LIMIT 50000)").execute(cutoff)
                .chain(a -> pool.preparedQuery("DELETE FROM observatory.inference_seen WHERE event_id IN (SELECT event_id"
                                + " FROM observatory.inference_seen WHERE applied_on < current_date - $1::int LIMIT 50000)")
                        .execute(cutoff).map(b -> a.rowCount() + b.rowCount()))
                .chain(n -> pool.preparedQuery("DELETE FROM observatory.outcome_pending WHERE applied_on < current_date - $1::int")
                        .execute(cutoff).map(c -> n + c.rowCount()));
    }
}
