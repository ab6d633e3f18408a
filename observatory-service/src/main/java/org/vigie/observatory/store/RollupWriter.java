package org.vigie.observatory.store;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.UsageEvent;
import org.vigie.observatory.domain.LatencySketch;
import org.vigie.observatory.domain.TelemetryRollup;
import org.vigie.observatory.domain.TelemetryRollup.InferenceCell;
import org.vigie.observatory.domain.TimeBucket;

/**
 * Applies a batch of telemetry to the hourly and daily rollups in one transaction.
 *
 * <h2>Exactly-once counting: each event is applied once by its eventId</h2>
 * The batch's eventIds are inserted into {@code event_seen} / {@code inference_seen} with
 * {@code ON CONFLICT DO NOTHING RETURNING}; only the ids that come back (never applied before) are counted,
 * and the counts are upserted in the same transaction. So the rollups and the record of what was applied
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
    static final boolean STEPS = Boolean.getBoolean("bench.steps");

    public RollupWriter(Pool pool) {
        this.pool = pool;
    }

    @WithSpan("observatory.rollup.apply")
    public Uni<TelemetryBatch.Applied> apply(TelemetryBatch batch) {
        List<InferenceEvent> inferences = distinct(batch.inferences(), InferenceEvent::eventId);
        List<UsageEvent> usages = distinct(batch.usages(), UsageEvent::eventId);
        List<OutcomeEvent> outcomes = distinct(batch.outcomes(), OutcomeEvent::eventId);
        List<FeedbackEvent> feedback = distinct(batch.feedback(), FeedbackEvent::eventId);
        long begun = System.nanoTime();
        return pool.withTransaction(conn -> new Work(conn, inferences, usages, outcomes, feedback).run())
                .invoke(() -> { if (STEPS) org.jboss.logging.Logger.getLogger("STEPS").infof("STEPS committed=%d", (System.nanoTime() - begun) / 1_000_000); })
                .map(applied -> new TelemetryBatch.Applied(applied.fresh(), batch.size() - applied.fresh(),
                        applied.labelled(), applied.pendingOutcomes(), applied.unattributedOutcomes()));
    }

    /** The steps of one transaction, in order: inferences first, so an outcome in the same batch finds its inference. */
    private static final class Work {
        private final SqlConnection conn;
        private final List<InferenceEvent> inferences;
        private final List<UsageEvent> usages;
        private final List<OutcomeEvent> outcomes;
        private final List<FeedbackEvent> feedback;
        private final Map<TimeBucket, TelemetryRollup> rollups = new LinkedHashMap<>();
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
            GRANULARITIES.forEach(g -> rollups.put(g, new TelemetryRollup(g)));
        }

        /**
         * Statements that do not depend on each other's results are sent together: the connection pipelines
         * them, so the service prepares the next arrays while the database executes the previous statement
         * (they still run one after the other, in the transaction, in the order sent). Their callbacks run on
         * the connection's event loop, one at a time.
         */
        final long t0 = System.nanoTime();
        final java.util.List<String> marks = java.util.Collections.synchronizedList(new ArrayList<>());
        <T> Uni<T> mark(String name, Uni<T> u) {
            return u.invoke(() -> marks.add(name + "=" + (System.nanoTime() - t0) / 1_000_000));
        }

        Uni<TelemetryBatch.Applied> run() {
            if (STEPS) {
                return mark("all", run0()).invoke(() -> org.jboss.logging.Logger.getLogger("STEPS").infof("STEPS n=%d %s", inferences.size() + usages.size(), marks));
            }
            return run0();
        }

        Uni<TelemetryBatch.Applied> run0() {
            return Uni.combine().all().unis(applyInferences(), applyOthers()).asTuple()
                    .chain(t -> applyOutcomes(t.getItem2()))
                    .chain(this::writeRollups)
                    .map(x -> new TelemetryBatch.Applied(fresh, 0, labelled, pending, unattributed));
        }

        private Uni<Void> applyInferences() {
            if (inferences.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            UUID[] ids = inferences.stream().map(InferenceEvent::eventId).toArray(UUID[]::new);
            return mark("pendingDelete", conn.preparedQuery("DELETE FROM observatory.outcome_pending WHERE inference_event_id = ANY($1)"
                            + " RETURNING inference_event_id")
                    .execute(Tuple.of(ids)))
                    .map(rows -> uuids(rows, "inference_event_id"))
                    .chain(awaited -> {
                        int n = inferences.size();
                        OffsetDateTime[] hours = new OffsetDateTime[n];
                        String[] devices = new String[n];
                        String[] versions = new String[n];
                        String[] sites = new String[n];
                        String[] regions = new String[n];
                        Boolean[] labelledNow = new Boolean[n];
                        for (int i = 0; i < n; i++) {
                            InferenceCell cell = InferenceCell.of(inferences.get(i));
                            hours[i] = utc(cell.hour());
                            devices[i] = cell.deviceId();
                            versions[i] = cell.modelVersion();
                            sites[i] = cell.siteId();
                            regions[i] = cell.region();
                            labelledNow[i] = awaited.contains(ids[i]);
                        }
                        return mark("inferenceSeen", conn.preparedQuery("INSERT INTO observatory.inference_seen"
                                        + " (event_id, hour, device_id, model_version, site_id, region, labelled)"
                                        + " SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[],"
                                        + " $5::text[], $6::text[], $7::boolean[]) ON CONFLICT DO NOTHING RETURNING event_id")
                                .execute(Tuple.from(List.of(ids, hours, devices, versions, sites, regions, labelledNow))))
                                .map(rows -> {
                                    Set<UUID> applied = uuids(rows, "event_id");
                                    for (InferenceEvent e : inferences) {
                                        if (applied.contains(e.eventId())) {
                                            fresh++;
                                            boolean wasAwaited = awaited.contains(e.eventId());
                                            labelled += wasAwaited ? 1 : 0;
                                            rollups.values().forEach(r -> r.inference(e, wasAwaited));
                                        }
                                    }
                                    return applied;
                                });
                    })
                    .chain(applied -> mark("sites", upsertSites()));
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

        private Uni<Set<UUID>> applyOthers() {
            List<UUID> ids = new ArrayList<>();
            usages.forEach(e -> ids.add(e.eventId()));
            outcomes.forEach(e -> ids.add(e.eventId()));
            feedback.forEach(e -> ids.add(e.eventId()));
            if (ids.isEmpty()) {
                return Uni.createFrom().item(Set.of());
            }
            return mark("eventSeen", conn.preparedQuery("INSERT INTO observatory.event_seen (event_id) SELECT unnest($1::uuid[])"
                            + " ON CONFLICT DO NOTHING RETURNING event_id")
                    .execute(Tuple.of(ids.toArray(UUID[]::new))))
                    .map(rows -> {
                        Set<UUID> applied = uuids(rows, "event_id");
                        fresh += applied.size();
                        for (UsageEvent e : usages) {
                            if (applied.contains(e.eventId())) {
                                rollups.values().forEach(r -> r.usage(e));
                            }
                        }
                        for (FeedbackEvent e : feedback) {
                            if (applied.contains(e.eventId())) {
                                rollups.values().forEach(r -> r.feedback(e));
                            }
                        }
                        return applied;
                    });
        }

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
            return conn.preparedQuery("UPDATE observatory.inference_seen SET labelled = true"
                            + " WHERE event_id = ANY($1) AND NOT labelled"
                            + " RETURNING hour, device_id, model_version, site_id, region")
                    .execute(Tuple.of(ids))
                    .chain(rows -> {
                        for (Row row : rows) {
                            labelled++;
                            InferenceCell cell = new InferenceCell(row.getOffsetDateTime("hour").toInstant(),
                                    row.getString("device_id"), row.getString("model_version"), row.getString("site_id"),
                                    row.getString("region"));
                            rollups.values().forEach(r -> r.labelled(cell));
                        }
                        return conn.preparedQuery("INSERT INTO observatory.outcome_pending (inference_event_id)"
                                        + " SELECT x FROM unnest($1::uuid[]) x WHERE NOT EXISTS"
                                        + " (SELECT 1 FROM observatory.inference_seen s WHERE s.event_id = x)"
                                        + " ON CONFLICT DO NOTHING")
                                .execute(Tuple.of(ids));
                    })
                    .invoke(rows -> pending += rows.rowCount())
                    .replaceWithVoid();
        }

        private Uni<Void> writeRollups(Void ignored) {
            List<Uni<Void>> steps = new ArrayList<>();
            for (TelemetryRollup rollup : rollups.values()) {
                String suffix = rollup.granularity() == TimeBucket.HOUR ? "hour" : "day";
                steps.add(mark("latency_" + suffix, mergeLatency("observatory.latency_" + suffix, rollup.latency())));
                steps.add(mark("inference_" + suffix, upsert(RollupTable.inference(suffix), rollup.inferences())));
                steps.add(mark("usage_" + suffix, upsert(RollupTable.usage(suffix), rollup.usages())));
                steps.add(mark("feedback_" + suffix, upsert(RollupTable.feedback(suffix), rollup.feedback())));
            }
            return Uni.join().all(steps).andFailFast().replaceWithVoid();
        }

        private Uni<Void> upsert(RollupTable table, org.vigie.observatory.domain.CellDeltas deltas) {
            if (deltas.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return conn.preparedQuery(table.upsert()).execute(table.arguments(deltas)).replaceWithVoid();
        }

        /** Sketches are not summable in SQL: read the cells' sketches (locked), merge, write back. */
        private Uni<Void> mergeLatency(String table, Map<List<Object>, LatencySketch> sketches) {
            if (sketches.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<List<Object>> keys = new ArrayList<>(sketches.keySet());
            keys.sort((a, b) -> {
                int c = ((Instant) a.get(0)).compareTo((Instant) b.get(0));
                c = c != 0 ? c : ((String) a.get(1)).compareTo((String) b.get(1));
                return c != 0 ? c : ((String) a.get(2)).compareTo((String) b.get(2));
            });
            OffsetDateTime[] buckets = keys.stream().map(k -> utc((Instant) k.get(0))).toArray(OffsetDateTime[]::new);
            String[] devices = keys.stream().map(k -> (String) k.get(1)).toArray(String[]::new);
            String[] versions = keys.stream().map(k -> (String) k.get(2)).toArray(String[]::new);
            return conn.preparedQuery("SELECT l.bucket, l.device_id, l.model_version, l.sketch FROM " + table + " l"
                            + " JOIN unnest($1::timestamptz[], $2::text[], $3::text[]) AS k(bucket, device_id, model_version)"
                            + " USING (bucket, device_id, model_version) ORDER BY 1, 2, 3 FOR UPDATE OF l")
                    .execute(Tuple.from(List.of(buckets, devices, versions)))
                    .invoke(() -> marks.add("read_" + table + "=" + (System.nanoTime() - t0) / 1_000_000))
                    .chain(rows -> {
                        for (Row row : rows) {
                            List<Object> key = List.of(row.getOffsetDateTime("bucket").toInstant(),
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
