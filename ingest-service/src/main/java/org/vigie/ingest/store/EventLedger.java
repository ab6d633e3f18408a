package org.vigie.ingest.store;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.DatabaseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.vigie.ingest.config.IngestConfig;

/**
 * The idempotency ledger: which eventIds were already written to Kafka, so that a replayed event is counted as
 * a duplicate and produces nothing downstream, across restarts and across instances of the service.
 *
 * <h2>Why a PostgreSQL table</h2>
 * The service already depends on PostgreSQL; a primary key on eventId gives an atomic "insert if new" that
 * every instance shares and that survives restarts. Storage is bounded: a row can be dropped once its event
 * time is older than the ingest horizon, because the time window refuses such an event before the ledger is
 * consulted (a replay of it is refused as too old, not written twice). So the table holds at most the events
 * of one horizon (30 days by default), and {@link #purge} keeps it there.
 *
 * <h2>Order of ledger and Kafka</h2>
 * One transaction per batch: insert the eventIds, send only the new events to Kafka, wait for every ack, and
 * commit only then. The insert is first tried plain (every id new: the common case; cheaper in PostgreSQL than a
 * speculative {@code on conflict} insert, by a quarter in one 500,000-row statement and by 1–19 % in pgbench
 * transactions of 500 rows, see ingest-service/BENCHMARKS.md); if any id is
 * already there, PostgreSQL refuses it whole (unique violation), the transaction is rolled back and the batch is
 * recorded again with {@code on conflict do nothing returning}, which tells which ids are new. Consequences:
 * <ul>
 *   <li>Kafka fails (or times out): the transaction rolls back, the ids are not recorded, the device gets a 503
 *       and retries; events of the batch that Kafka did take before failing are written again on that retry.</li>
 *   <li>The service dies between the acks and the commit: same thing, the retry writes them again.</li>
 *   <li>Two requests carrying the same eventId at once: the second insert waits on the first's uncommitted
 *       row, then sees it committed (a duplicate) or rolled back (new): never both written.</li>
 * </ul>
 * So an acknowledged event is always in Kafka (no loss), and an event is written twice only when a failure
 * hit between Kafka's ack and the commit, a window of milliseconds: at-least-once, with consumers that
 * already key their state by eventId. The alternative, committing the ids before sending, would lose the
 * event for good when Kafka then fails (the retry would be called a duplicate). The price of this order is
 * a database connection held for the Kafka round trip; ids are inserted in sorted order, so that two
 * overlapping batches lock rows in the same order and cannot deadlock.
 *
 * <h2>Dead letters in the same step</h2>
 * The batch's refused items ({@link Rejected}) are inserted in the same transaction and published with the new
 * events, so the rejection table, the rejection topic and the answer agree: a device is told an item was
 * refused only once its dead letter is acknowledged and stored; if Kafka fails, the whole request is a 503 and
 * the retry produces the same verdicts. The table is bounded like the ledger: {@link #purge} drops rows older
 * than {@code vigie.ingest.rejection-retention}.
 */
@ApplicationScoped
public class EventLedger {

    private static final Logger LOG = Logger.getLogger(EventLedger.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(5);
    private static final int PURGE_BATCH = 50_000;
    /** Extra time kept beyond the horizon, for clocks that disagree between instances. */
    private static final Duration PURGE_MARGIN = Duration.ofDays(1);
    /** PostgreSQL's SQLSTATE for a unique constraint refusing a row. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool pool;
    private final IngestConfig config;

    public EventLedger(Pool pool, IngestConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /** An event to record: its id, its device, and its event time (which retention goes by). */
    public record Entry(UUID eventId, String deviceId, Instant eventTime) {
    }

    /** A dead letter to store: its id, the posting device, when, and the IngestRejection document as published. */
    public record Rejected(UUID rejectionId, String deviceId, Instant receivedAt, String document) {
    }

    /** The database could not be reached or failed; nothing was recorded. */
    public static final class LedgerUnavailable extends RuntimeException {
        LedgerUnavailable(Throwable cause) {
            super("idempotency ledger unavailable", cause);
        }
    }

    /**
     * Records the entries and hands the ids that are new to {@code publish}, which returns once every one of
     * them is acknowledged by Kafka (or throws); the ids are committed only after that.
     *
     * @return the ids that were new, all of them published
     */
    public Set<UUID> recordAndPublish(List<Entry> entries, Consumer<Set<UUID>> publish) {
        return recordAndPublish(entries, List.of(), publish);
    }

    /**
     * Same, with the batch's dead letters: stored in the same transaction; {@code publish} must publish them too
     * (it is called even when no event is new, as long as there are rejections).
     */
    public Set<UUID> recordAndPublish(List<Entry> entries, List<Rejected> rejections, Consumer<Set<UUID>> publish) {
        if (entries.isEmpty() && rejections.isEmpty()) {
            return Set.of();
        }
        List<Entry> sorted = entries.stream().sorted(Comparator.comparing(Entry::eventId)).toList();
        SqlConnection connection;
        try {
            connection = pool.getConnection().await().atMost(DB_TIMEOUT);
        } catch (RuntimeException e) {
            throw new LedgerUnavailable(e);
        }
        Transaction transaction = null;
        try {
            Set<UUID> fresh;
            try {
                transaction = connection.begin().await().atMost(DB_TIMEOUT);
                fresh = insertAllNew(connection, sorted);
                if (fresh == null) { // some id was there already: the whole insert was refused
                    transaction.rollback().await().atMost(DB_TIMEOUT);
                    transaction = connection.begin().await().atMost(DB_TIMEOUT);
                    fresh = insertNew(connection, sorted);
                }
                if (!rejections.isEmpty()) {
                    connection.preparedQuery("insert into ingest.rejection (rejection_id, device_id, received_at, document)"
                                    + " select * from unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[])")
                            .execute(Tuple.of(
                                    rejections.stream().map(Rejected::rejectionId).toArray(UUID[]::new),
                                    rejections.stream().map(Rejected::deviceId).toArray(String[]::new),
                                    rejections.stream().map(r -> utc(r.receivedAt())).toArray(OffsetDateTime[]::new),
                                    rejections.stream().map(Rejected::document).toArray(String[]::new)))
                            .await().atMost(DB_TIMEOUT);
                }
            } catch (RuntimeException e) {
                throw new LedgerUnavailable(e);
            }
            if (!fresh.isEmpty() || !rejections.isEmpty()) {
                publish.accept(fresh); // throws when Kafka did not acknowledge every record: rollback below
            }
            try {
                transaction.commit().await().atMost(DB_TIMEOUT);
            } catch (RuntimeException e) {
                transaction = null; // a failed commit has rolled back already
                throw new LedgerUnavailable(e);
            }
            transaction = null;
            return fresh;
        } finally {
            if (transaction != null) {
                try {
                    transaction.rollback().await().atMost(DB_TIMEOUT);
                } catch (RuntimeException e) {
                    LOG.debug("rollback failed; closing the connection discards the transaction", e);
                }
            }
            connection.closeAndAwait();
        }
    }

    /**
     * The plain insert of every id, for a batch whose ids are all new: returns them all, or null when PostgreSQL
     * refused the insert because one of them was there (a replay, or a concurrent request's committed row), in
     * which case the transaction is failed and must be rolled back.
     */
    private static Set<UUID> insertAllNew(SqlConnection connection, List<Entry> sorted) {
        if (sorted.isEmpty()) {
            return Set.of();
        }
        try {
            connection.preparedQuery("insert into ingest.seen_event (event_id, device_id, event_time)"
                            + " select * from unnest($1::uuid[], $2::text[], $3::timestamptz[])")
                    .execute(columns(sorted)).await().atMost(DB_TIMEOUT);
        } catch (DatabaseException e) {
            if (UNIQUE_VIOLATION.equals(e.getSqlState())) {
                return null;
            }
            throw e;
        }
        Set<UUID> all = new HashSet<>(2 * sorted.size());
        for (Entry entry : sorted) {
            all.add(entry.eventId());
        }
        return all;
    }

    /** The insert that skips the ids already there; returns those that were new. */
    private static Set<UUID> insertNew(SqlConnection connection, List<Entry> sorted) {
        Set<UUID> fresh = new HashSet<>(2 * sorted.size());
        for (Row row : connection.preparedQuery("insert into ingest.seen_event (event_id, device_id, event_time)"
                        + " select * from unnest($1::uuid[], $2::text[], $3::timestamptz[])"
                        + " on conflict (event_id) do nothing returning event_id")
                .execute(columns(sorted)).await().atMost(DB_TIMEOUT)) {
            fresh.add(row.getUUID(0));
        }
        return fresh;
    }

    /** The ledger rows as three arrays, one per column. */
    private static Tuple columns(List<Entry> sorted) {
        UUID[] ids = new UUID[sorted.size()];
        String[] devices = new String[sorted.size()];
        OffsetDateTime[] times = new OffsetDateTime[sorted.size()];
        for (int i = 0; i < ids.length; i++) {
            Entry entry = sorted.get(i);
            ids[i] = entry.eventId();
            devices[i] = entry.deviceId();
            times[i] = utc(entry.eventTime());
        }
        return Tuple.of(ids, devices, times);
    }

    /** An instant as a UTC OffsetDateTime, without the ZoneRules that OffsetDateTime.ofInstant makes each call. */
    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.of(LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC),
                ZoneOffset.UTC);
    }

    void schedulePurge(@Observes StartupEvent start, io.vertx.mutiny.core.Vertx vertx) {
        long every = Math.max(1_000, config.ledgerPurgeInterval().toMillis());
        vertx.setPeriodic(every, id -> purge().subscribe().with(
                deleted -> { if (deleted > 0) LOG.debugf("purged %d ledger rows past the horizon", deleted); },
                failure -> LOG.warnf("ledger purge failed: %s", failure.getMessage())));
    }

    /** Drops up to one batch of ledger rows past the horizon and of dead letters past their retention; returns how many. */
    public io.smallrye.mutiny.Uni<Integer> purge() {
        Instant cutoff = Instant.now().minus(config.horizon()).minus(config.futureTolerance()).minus(PURGE_MARGIN);
        return pool.preparedQuery("delete from ingest.seen_event where event_id in (select event_id from ingest.seen_event"
                        + " where event_time < $1 limit " + PURGE_BATCH + ")")
                .execute(Tuple.of(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)))
                .map(rows -> rows.rowCount())
                .chain(ledgerRows -> pool.preparedQuery("delete from ingest.rejection where seq in (select seq from"
                                + " ingest.rejection where received_at < $1 limit " + PURGE_BATCH + ")")
                        .execute(Tuple.of(OffsetDateTime.ofInstant(Instant.now().minus(config.rejectionRetention()),
                                ZoneOffset.UTC)))
                        .map(rows -> ledgerRows + rows.rowCount()));
    }
}
