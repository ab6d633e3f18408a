package org.vigie.observatory.store;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.UsageEvent;
import org.vigie.observatory.domain.LatencySketch;
import org.vigie.observatory.domain.TelemetryRollup;
import org.vigie.observatory.domain.TelemetryRollup.InferenceCell;
import org.vigie.observatory.domain.TelemetryRollup.LatencyKey;
import org.vigie.observatory.domain.TimeBucket;

/**
 * Applies a batch of telemetry to the hourly and daily rollups in one transaction.
 *
 * <h2>Exactly-once counting: each event is applied once by its eventId</h2>
 * The batch's eventIds are inserted into {@code event_seen} / {@code inference_seen} with
 * {@code ON CONFLICT DO NOTHING RETURNING}; only the ids that come back (never applied before) are counted,
 * and the counts are upserted in the same transaction (in fact in the same statement, summed in SQL over the
 * returned rows: see {@link Work}). So the rollups and the record of what was applied
 * commit or roll back together. We chose this over storing Kafka offsets with the rollups because offsets
 * only recognise a redelivered <em>record</em>: the same event written to Kafka twice (a device or the ingest
 * edge retrying after a lost acknowledgement, a re-publication from a backup, an operator replaying a topic
 * into a fresh one) has new offsets and would be counted twice. The eventId is the platform's idempotency
 * key end to end. The cost is one index entry per event, kept {@code vigie.observatory.dedup-retention-days}
 * (longer than the topics keep records and ingest accepts late events) and purged by {@link SeenRetention}.
 * Kafka offsets are committed only after the transaction (acknowledged batch), so a crash in between
 * redelivers the batch, and the eventIds make that redelivery a no-op.
 *
 * <p>Outcomes name their inference but not its site: {@code inference_seen} remembers where each inference was
 * counted, and an outcome flips its {@code labelled} flag once, adding one to the labelled count of that very
 * cell (so labelled never exceeds inferences, cell by cell). An outcome that arrives before its inference waits
 * in {@code outcome_pending}.
 */
@ApplicationScoped
public class RollupWriter {

    private static final List<TimeBucket> GRANULARITIES = List.of(TimeBucket.HOUR, TimeBucket.DAY);

    private final Pool pool;

    public RollupWriter(Pool pool) {
        this.pool = pool;
    }

    @WithSpan("observatory.rollup.apply")
    public Uni<TelemetryBatch.Applied> apply(TelemetryBatch batch) {
        List<InferenceEvent> inferences = distinct(batch.inferences(), InferenceEvent::eventId);
        List<UsageEvent> usages = distinct(batch.usages(), UsageEvent::eventId);
        List<OutcomeEvent> outcomes = distinct(batch.outcomes(), OutcomeEvent::eventId);
        List<FeedbackEvent> feedback = distinct(batch.feedback(), FeedbackEvent::eventId);
        return pool.withTransaction(conn -> new Work(conn, inferences, usages, outcomes, feedback).run())
                .map(applied -> new TelemetryBatch.Applied(applied.fresh(), batch.size() - applied.fresh(),
                        applied.labelled(), applied.pendingOutcomes(), applied.unattributedOutcomes()));
    }

    /**
     * The statements of one transaction, in order: inferences first, so an outcome in the same batch finds its
     * inference.
     *
     * <p>Each family of events is applied by one statement: it inserts the eventIds ({@code ON CONFLICT DO NOTHING
     * RETURNING}) and sums exactly the rows that came back — the events never applied before — into the hourly and
     * daily cells ({@link RollupTable}). So what is counted is, by construction, what was recorded as applied, in the
     * same statement; the service sends each event's cell and measures once, and builds no cells itself. Only the
     * latency sketches, which SQL cannot merge, are built here (for every inference while the database works, then
     * rebuilt from the fresh ones in the rare batch where some were not).
     */
    private static final class Work {
        private final SqlConnection conn;
        private final List<InferenceEvent> inferences;
        private final List<UsageEvent> usages;
        private final List<OutcomeEvent> outcomes;
        private final List<FeedbackEvent> feedback;
        private final Map<Instant, OffsetDateTime> buckets = new HashMap<>();
        private int fresh;
        private int labelled;
        private int pending;
        private int unattributed;

        Work(SqlConnection conn, List<InferenceEvent> inferences, List<UsageEvent> usages, List<OutcomeEvent> outcomes,
             List<FeedbackEvent> feedback) {
            this.conn = conn;
            this.inferences = inferences;
            this.usages = usages;
            this.outcomes = outcomes;
            this.feedback = feedback;
        }

        /**
         * Statements that do not depend on each other's results are sent together: the connection pipelines
         * them (they still run one after the other, in the transaction, in the order sent), and meanwhile a worker
         * thread builds the latency sketches. Their callbacks run on the connection's event loop, one at a time.
         */
        Uni<TelemetryBatch.Applied> run() {
            Context loop = Vertx.currentContext();
            Uni<List<TelemetryRollup>> sketches = Uni.createFrom().item(() -> latency(inferences))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            return Uni.combine().all().unis(applyInferences(), upsertSites(), applyUsages(), applyFeedback(),
                            insertOutcomes(), sketches).asTuple()
                    .emitOn(loop == null ? Runnable::run : task -> loop.runOnContext(v -> task.run()))
                    .chain(t -> {
                        FreshInferences applied = t.getItem1();
                        fresh += applied.count() + t.getItem3() + t.getItem4() + t.getItem5().size();
                        labelled += applied.labelled();
                        List<TelemetryRollup> rollups = applied.count() == inferences.size() ? t.getItem6()
                                : latency(inferences.stream().filter(e -> applied.ids().contains(e.eventId())).toList());
                        return applyOutcomes(t.getItem5()).chain(() -> writeLatency(rollups));
                    })
                    .map(x -> new TelemetryBatch.Applied(fresh, 0, labelled, pending, unattributed));
        }

        private static List<TelemetryRollup> latency(List<InferenceEvent> fresh) {
            List<TelemetryRollup> rollups = new ArrayList<>();
            for (TimeBucket granularity : GRANULARITIES) {
                TelemetryRollup rollup = new TelemetryRollup(granularity);
                fresh.forEach(rollup::latency);
                rollups.add(rollup);
            }
            return rollups;
        }

        /** How many inferences were fresh, how many of them an early outcome was waiting for, and which (unless all). */
        private record FreshInferences(int count, int labelled, Set<UUID> ids) {
        }

        /**
         * Records the inferences' eventIds with where each is counted, and whether an outcome was waiting for it
         * (taken from {@code outcome_pending} in the same statement), and adds the fresh ones to their cells.
         */
        private Uni<FreshInferences> applyInferences() {
            if (inferences.isEmpty()) {
                return Uni.createFrom().item(new FreshInferences(0, 0, null));
            }
            Tuple columns = columns(inferences, INFERENCE_COLUMNS, (e, row) -> {
                InferenceCell cell = InferenceCell.of(e);
                row[0] = e.eventId();
                row[1] = bucket(cell.hour());
                row[2] = cell.deviceId();
                row[3] = cell.modelVersion();
                row[4] = cell.siteId();
                row[5] = cell.region();
                row[6] = TelemetryRollup.measuredJoules(e);
                row[7] = TelemetryRollup.unmeasuredRuntimeMs(e);
            });
            return conn.preparedQuery(APPLY_INFERENCES).execute(columns)
                    .map(rows -> {
                        Row row = rows.iterator().next();
                        UUID[] applied = row.getArrayOfUUIDs("ids");
                        return new FreshInferences(row.getInteger("fresh"), row.getInteger("labelled"),
                                applied == null ? Set.of() : new HashSet<>(Arrays.asList(applied)));
                    });
        }

        private static final String APPLY_INFERENCES = "WITH input AS MATERIALIZED (SELECT * FROM unnest($1::uuid[],"
                + " $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::double precision[],"
                + " $8::double precision[]) AS k(event_id, bucket, device_id, model_version, site_id, region, joules, runtime_ms)),"
                + " awaited AS (DELETE FROM observatory.outcome_pending WHERE inference_event_id = ANY($1)"
                + " RETURNING inference_event_id),"
                + " fresh AS (INSERT INTO observatory.inference_seen"
                + " (event_id, hour, device_id, model_version, site_id, region, labelled)"
                + " SELECT event_id, bucket, device_id, model_version, site_id, region,"
                + " event_id IN (SELECT inference_event_id FROM awaited) FROM input"
                + " ON CONFLICT DO NOTHING RETURNING event_id, labelled), "
                + RollupTable.INFERENCE.upsertHoursAndDays("SELECT k.bucket, k.device_id, k.model_version, k.site_id,"
                        + " k.region, count(*), count(*) FILTER (WHERE f.labelled), count(k.joules),"
                        + " coalesce(sum(k.joules), 0), count(k.runtime_ms), coalesce(sum(k.runtime_ms), 0)"
                        + " FROM fresh f JOIN input k USING (event_id) GROUP BY 1, 2, 3, 4, 5")
                + " SELECT count(*)::int AS fresh, (count(*) FILTER (WHERE labelled))::int AS labelled,"
                + " CASE WHEN count(*) < cardinality($1::uuid[]) THEN array_agg(event_id) END AS ids FROM fresh";
        // (array_agg over no row is NULL: then none was fresh; the count says which case it is.)

        /** Records the usages' eventIds and adds the fresh ones to their cells; returns how many were fresh. */
        private Uni<Integer> applyUsages() {
            if (usages.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            Tuple columns = columns(usages, USAGE_COLUMNS, (e, row) -> {
                cell(row, e.eventId(), e.occurredAt(), e.deviceId(), e.modelVersion(), e.siteId(), e.region());
                row[6] = TelemetryRollup.specialty(e);
                row[7] = TelemetryRollup.action(e);
            });
            return conn.preparedQuery(APPLY_USAGES).execute(columns)
                    .map(rows -> rows.iterator().next().getInteger("fresh"));
        }

        private static final String APPLY_USAGES = "WITH input AS MATERIALIZED (SELECT * FROM unnest($1::uuid[],"
                + " $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[])"
                + " AS k(event_id, bucket, device_id, model_version, site_id, region, specialty, action)),"
                + " fresh AS (INSERT INTO observatory.event_seen (event_id) SELECT event_id FROM input"
                + " ON CONFLICT DO NOTHING RETURNING event_id), "
                + RollupTable.USAGE.upsertHoursAndDays("SELECT k.bucket, k.device_id, k.model_version, k.site_id,"
                        + " k.region, k.specialty, "
                        + IntStream.range(0, TelemetryRollup.USAGE_MEASURES.size())
                                .mapToObj(a -> "count(*) FILTER (WHERE k.action = " + a + ")")
                                .collect(Collectors.joining(", "))
                        + " FROM fresh f JOIN input k USING (event_id) GROUP BY 1, 2, 3, 4, 5, 6")
                + " SELECT count(*)::int AS fresh FROM fresh";

        /** Records the field reports' eventIds and adds the fresh ones to their cells; returns how many were fresh. */
        private Uni<Integer> applyFeedback() {
            if (feedback.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            Tuple columns = columns(feedback, FEEDBACK_COLUMNS, (e, row) -> {
                cell(row, e.eventId(), e.reportedAt(), e.deviceId(), e.modelVersion(), e.siteId(), e.region());
                row[6] = TelemetryRollup.category(e);
                row[7] = TelemetryRollup.harm(e);
            });
            return conn.preparedQuery(APPLY_FEEDBACK).execute(columns)
                    .map(rows -> rows.iterator().next().getInteger("fresh"));
        }

        private static final String APPLY_FEEDBACK = "WITH input AS MATERIALIZED (SELECT * FROM unnest($1::uuid[],"
                + " $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])"
                + " AS k(event_id, bucket, device_id, model_version, site_id, region, category, harm)),"
                + " fresh AS (INSERT INTO observatory.event_seen (event_id) SELECT event_id FROM input"
                + " ON CONFLICT DO NOTHING RETURNING event_id), "
                + RollupTable.FEEDBACK.upsertHoursAndDays("SELECT k.bucket, k.device_id, k.model_version, k.site_id,"
                        + " k.region, k.category, k.harm, count(*)"
                        + " FROM fresh f JOIN input k USING (event_id) GROUP BY 1, 2, 3, 4, 5, 6, 7")
                + " SELECT count(*)::int AS fresh FROM fresh";

        private static final List<Class<?>> INFERENCE_COLUMNS = List.of(UUID.class, OffsetDateTime.class, String.class,
                String.class, String.class, String.class, Double.class, Double.class);
        private static final List<Class<?>> USAGE_COLUMNS = List.of(UUID.class, OffsetDateTime.class, String.class,
                String.class, String.class, String.class, String.class, Integer.class);
        private static final List<Class<?>> FEEDBACK_COLUMNS = List.of(UUID.class, OffsetDateTime.class, String.class,
                String.class, String.class, String.class, String.class, String.class);

        /** The statement's arguments: one array per column (typed, for its unnest), filled row by row by {@code row}. */
        private static <E> Tuple columns(List<E> events, List<Class<?>> types, java.util.function.BiConsumer<E, Object[]> row) {
            int n = events.size();
            Object[][] arrays = new Object[types.size()][];
            for (int c = 0; c < arrays.length; c++) {
                arrays[c] = (Object[]) java.lang.reflect.Array.newInstance(types.get(c), n);
            }
            Object[] values = new Object[arrays.length];
            for (int i = 0; i < n; i++) {
                row.accept(events.get(i), values);
                for (int c = 0; c < arrays.length; c++) {
                    arrays[c][i] = values[c];
                }
            }
            return Tuple.from(List.of((Object[]) arrays));
        }

        /** The six leading columns every family's input has: eventId, hour, device, version, site, region. */
        private void cell(Object[] row, UUID eventId, Instant time, String deviceId, String modelVersion, String siteId,
                          String region) {
            row[0] = eventId;
            row[1] = bucket(TimeBucket.HOUR.start(time));
            row[2] = deviceId;
            row[3] = TelemetryRollup.orUnknown(modelVersion);
            row[4] = TelemetryRollup.orUnknown(siteId);
            row[5] = TelemetryRollup.orUnknown(region);
        }

        private Uni<Void> upsertSites() {
            Map<String, InferenceEvent> latest = new LinkedHashMap<>();
            for (InferenceEvent e : inferences) {
                if (e.siteId() != null && !e.siteId().isBlank()) {
                    latest.merge(e.siteId(), e, (a, b) -> b.occurredAt().isAfter(a.occurredAt()) ? b : a);
                }
            }
            if (latest.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<InferenceEvent> sites = latest.values().stream()
                    .sorted((a, b) -> a.siteId().compareTo(b.siteId())).toList();
            return conn.preparedQuery("INSERT INTO observatory.site AS s (site_id, region, site_type, seen_at)"
                            + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])"
                            + " ON CONFLICT (site_id) DO UPDATE SET region = excluded.region,"
                            + " site_type = CASE WHEN excluded.site_type = 'unknown' THEN s.site_type ELSE excluded.site_type END,"
                            + " seen_at = excluded.seen_at"
                            + " WHERE excluded.seen_at >= s.seen_at AND (s.region <> excluded.region"
                            + " OR (excluded.site_type <> 'unknown' AND s.site_type <> excluded.site_type))")
                    .execute(Tuple.from(List.of(
                            sites.stream().map(InferenceEvent::siteId).toArray(String[]::new),
                            sites.stream().map(e -> orUnknown(e.region())).toArray(String[]::new),
                            sites.stream().map(e -> orUnknown(e.siteType())).toArray(String[]::new),
                            sites.stream().map(e -> utc(e.occurredAt())).toArray(OffsetDateTime[]::new))))
                    .replaceWithVoid();
        }

        /** Records the outcomes' eventIds; returns the ones never applied before. */
        private Uni<Set<UUID>> insertOutcomes() {
            if (outcomes.isEmpty()) {
                return Uni.createFrom().item(Set.of());
            }
            return conn.preparedQuery("INSERT INTO observatory.event_seen (event_id) SELECT unnest($1::uuid[])"
                            + " ON CONFLICT DO NOTHING RETURNING event_id")
                    .execute(Tuple.of(outcomes.stream().map(OutcomeEvent::eventId).toArray(UUID[]::new)))
                    .map(rows -> uuids(rows, "event_id"));
        }

        /**
         * Labels, once each, the inferences that fresh outcomes name, adding one to the labelled count of the cell
         * where each was counted ({@code inference_seen}); an outcome whose inference has not come yet waits in
         * {@code outcome_pending}.
         */
        private Uni<Void> applyOutcomes(Set<UUID> applied) {
            List<UUID> labelledInferences = new ArrayList<>();
            for (OutcomeEvent e : outcomes) {
                if (applied.contains(e.eventId())) {
                    if (e.inferenceEventId() == null) {
                        unattributed++;
                    } else {
                        labelledInferences.add(e.inferenceEventId());
                    }
                }
            }
            if (labelledInferences.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            UUID[] ids = labelledInferences.stream().distinct().sorted().toArray(UUID[]::new);
            return conn.preparedQuery(LABEL_INFERENCES).execute(Tuple.of(ids))
                    .chain(rows -> {
                        labelled += rows.iterator().next().getInteger("labelled");
                        return conn.preparedQuery("INSERT INTO observatory.outcome_pending (inference_event_id)"
                                        + " SELECT x FROM unnest($1::uuid[]) x WHERE NOT EXISTS"
                                        + " (SELECT 1 FROM observatory.inference_seen s WHERE s.event_id = x)"
                                        + " ON CONFLICT DO NOTHING")
                                .execute(Tuple.of(ids));
                    })
                    .invoke(rows -> pending += rows.rowCount())
                    .replaceWithVoid();
        }

        private static final String LABEL_INFERENCES = "WITH newly AS (UPDATE observatory.inference_seen SET labelled = true"
                + " WHERE event_id = ANY($1) AND NOT labelled RETURNING hour, device_id, model_version, site_id, region), "
                + RollupTable.INFERENCE.upsertHoursAndDays("SELECT hour, device_id, model_version, site_id, region,"
                        + " 0::bigint, count(*), 0::bigint, 0::double precision, 0::bigint, 0::double precision"
                        + " FROM newly GROUP BY 1, 2, 3, 4, 5")
                + " SELECT count(*)::int AS labelled FROM newly";

        private Uni<Void> writeLatency(List<TelemetryRollup> rollups) {
            List<Uni<Void>> steps = new ArrayList<>();
            for (TelemetryRollup rollup : rollups) {
                String suffix = rollup.granularity() == TimeBucket.HOUR ? "hour" : "day";
                steps.add(mergeLatency("observatory.latency_" + suffix, rollup.latency()));
            }
            return Uni.join().all(steps).andFailFast().replaceWithVoid();
        }

        /** Sketches are not summable in SQL: read the cells' sketches (locked), merge, write back. */
        private Uni<Void> mergeLatency(String table, Map<LatencyKey, LatencySketch> sketches) {
            if (sketches.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<LatencyKey> keys = new ArrayList<>(sketches.keySet());
            keys.sort(null);
            OffsetDateTime[] buckets = keys.stream().map(k -> bucket(k.bucket())).toArray(OffsetDateTime[]::new);
            String[] devices = keys.stream().map(LatencyKey::deviceId).toArray(String[]::new);
            String[] versions = keys.stream().map(LatencyKey::modelVersion).toArray(String[]::new);
            return conn.preparedQuery("SELECT l.bucket, l.device_id, l.model_version, l.sketch FROM " + table + " l"
                            + " JOIN unnest($1::timestamptz[], $2::text[], $3::text[]) AS k(bucket, device_id, model_version)"
                            + " USING (bucket, device_id, model_version) ORDER BY 1, 2, 3 FOR UPDATE OF l")
                    .execute(Tuple.from(List.of(buckets, devices, versions)))
                    .chain(rows -> {
                        for (Row row : rows) {
                            LatencyKey key = new LatencyKey(row.getOffsetDateTime("bucket").toInstant(),
                                    row.getString("device_id"), row.getString("model_version"));
                            sketches.get(key).merge(LatencySketch.fromBytes(row.getBuffer("sketch").getBytes()));
                        }
                        int n = keys.size();
                        Long[] counts = new Long[n];
                        Buffer[] bytes = new Buffer[n];
                        Double[] p50 = new Double[n];
                        Double[] p95 = new Double[n];
                        for (int i = 0; i < n; i++) {
                            LatencySketch s = sketches.get(keys.get(i));
                            counts[i] = s.count();
                            bytes[i] = Buffer.buffer(s.toBytes());
                            p50[i] = finiteOrNull(s.quantile(0.5));
                            p95[i] = finiteOrNull(s.quantile(0.95));
                        }
                        return conn.preparedQuery("INSERT INTO " + table
                                        + " (bucket, device_id, model_version, n, sketch, p50_ms, p95_ms)"
                                        + " SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::bigint[],"
                                        + " $5::bytea[], $6::double precision[], $7::double precision[])"
                                        + " ON CONFLICT (bucket, device_id, model_version) DO UPDATE SET n = excluded.n,"
                                        + " sketch = excluded.sketch, p50_ms = excluded.p50_ms, p95_ms = excluded.p95_ms")
                                .execute(Tuple.from(List.of(buckets, devices, versions, counts, bytes, p50, p95)));
                    })
                    .replaceWithVoid();
        }

        /** A bucket start as the client's timestamptz: one conversion per distinct bucket of the batch, not per event. */
        private OffsetDateTime bucket(Instant start) {
            return buckets.computeIfAbsent(start, RollupWriter::utc);
        }
    }

    private static <T> List<T> distinct(List<T> events, Function<T, UUID> id) {
        Set<UUID> seen = new HashSet<>();
        List<T> out = new ArrayList<>(events.size());
        for (T e : events) {
            if (id.apply(e) != null && seen.add(id.apply(e))) {
                out.add(e);
            }
        }
        return out;
    }

    private static Set<UUID> uuids(Iterable<Row> rows, String column) {
        Set<UUID> ids = new HashSet<>();
        for (Row row : rows) {
            ids.add(row.getUUID(column));
        }
        return ids;
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String orUnknown(String s) {
        return s == null || s.isBlank() ? TelemetryRollup.UNKNOWN : s;
    }

    private static Double finiteOrNull(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
