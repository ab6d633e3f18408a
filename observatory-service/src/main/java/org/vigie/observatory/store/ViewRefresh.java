package org.vigie.observatory.store;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.vigie.observatory.config.ObservatoryConfig;

/**
 * Refreshes the materialized public views (daily counts with their suppression, usage rates, energy, adoption) on a timer,
 * concurrently so that Grafana keeps reading the previous version meanwhile. An advisory lock lets one instance
 * refresh at a time; a refresh never overlaps the previous one.
 */
@ApplicationScoped
public class ViewRefresh {

    private static final Logger LOG = Logger.getLogger(ViewRefresh.class);
    private static final long LOCK = 0x76696769_65766965L;

    private final Pool pool;
    private final Vertx vertx;
    private final long periodMs;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public ViewRefresh(Pool pool, Vertx vertx, ObservatoryConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.periodMs = config.viewsRefreshSeconds() * 1000L;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(periodMs, id -> {
            if (running.compareAndSet(false, true)) {
                refresh().subscribe().with(x -> running.set(false), e -> {
                    running.set(false);
                    LOG.warn("Refresh of the public views failed", e);
                });
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    public Uni<Void> refresh() {
        return pool.withConnection(conn -> conn.query("SELECT pg_try_advisory_lock(" + LOCK + ")").execute()
                .chain(rows -> {
                    if (!rows.iterator().next().getBoolean(0)) {
                        return Uni.createFrom().voidItem();
                    }
                    // In dependency order: rates and energy are suppressed with the daily counts just refreshed.
                    return conn.query("REFRESH MATERIALIZED VIEW CONCURRENTLY observatory_views.daily_counts").execute()
                            .chain(x -> conn.query("REFRESH MATERIALIZED VIEW CONCURRENTLY observatory_views.daily_energy")
                                    .execute())
                            .chain(x -> conn.query("REFRESH MATERIALIZED VIEW CONCURRENTLY observatory_views.daily_adoption")
                                    .execute())
                            .chain(x -> conn.query("REFRESH MATERIALIZED VIEW CONCURRENTLY observatory_views.daily_usage_rates")
                                    .execute())
                            .eventually(() -> conn.query("SELECT pg_advisory_unlock(" + LOCK + ")").execute())
                            .replaceWithVoid();
                }));
    }
}
