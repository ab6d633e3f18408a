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
import java.util.HashMap;
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
import org.vigie.observatory.domain.CellDeltas;
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

    /** The steps of one transaction, in order: inferences first, so an outcome in the same batch finds its inference. */
    private static final class Work {
        private final SqlConnection conn;
        private final List<InferenceEvent> inferences;
        private final List<UsageEvent> usages;
        private final List<OutcomeEvent> outcomes;
        private final List<FeedbackEvent> feedback;
        private final Map<TimeBucket, TelemetryRollup> rollups = new LinkedHashMap<>();
        private Map<String, Tuple> preparedArguments = Map.of();
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
        Uni<TelemetryBatch.Applied> run() {
            Context loop = Vertx.currentContext();
            Uni<Prepared> prepared = Uni.createFrom().item(this::prepareAssumingAllFresh)
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            return Uni.combine().all().unis(insertInferences(), upsertSites(), insertOthers(), prepared).asTuple()
                    .emitOn(loop == null ? Runnable::run : task -> loop.runOnContext(v -> task.run()))
                    .chain(t -> {
                        count(t.getItem1(), t.getItem3(), t.getItem4());
                        return applyOutcomes(t.getItem3());
                    })
                    .chain(this::writeRollups)
                    .map(x -> new TelemetryBatch.Applied(fresh, 0, labelled, pending, unattributed));
        }

        /**
         * The batch's rollups (and the arguments of the additive upserts) as they are when every event is fresh and
         * no inference was awaited by an early outcome — the usual case. Built on a worker thread while the database
         * records the eventIds, so the service's share of a batch overlaps the database's instead of following it;
         * {@link #count} falls back to building them from the events actually applied when the guess was wrong.
         */
        private Prepared prepareAssumingAllFresh() {
            Map<TimeBucket, TelemetryRollup> guess = new LinkedHashMap<>();
            GRANULARITIES.forEach(g -> guess.put(g, new TelemetryRollup(g)));
            for (TelemetryRollup r : guess.values()) {
                inferences.forEach(e -> r.inference(e, false));
                usages.forEach(r::usage);
                feedback.forEach(r::feedback);
            }
            // Outcomes may label counted cells after the eventIds are known: then the arguments are built later.
            Map<String, Tuple> arguments = new LinkedHashMap<>();
            if (outcomes.isEmpty()) {
                guess.values().forEach(r -> additive(r).forEach((table, deltas) -> {
                    if (!deltas.isEmpty()) {
                        arguments.put(table.name(), table.arguments(deltas));
                    }
                }));
            }
            return new Prepared(guess, arguments);
        }

        private record Prepared(Map<TimeBucket, TelemetryRollup> rollups, Map<String, Tuple> arguments) {
        }

        /** Counts what the database applied, and keeps the prepared rollups if they are exactly those. */
        private void count(Map<UUID, Boolean> appliedInferences, Set<UUID> appliedOthers, Prepared prepared) {
            boolean asPrepared = appliedInferences.size() == inferences.size()
                    && !appliedInferences.containsValue(Boolean.TRUE)
                    && appliedOthers.size() == usages.size() + outcomes.size() + feedback.size();
            fresh += appliedInferences.size() + appliedOthers.size();
            for (boolean awaited : appliedInferences.values()) {
                labelled += awaited ? 1 : 0;
            }
            if (asPrepared) {
                rollups.putAll(prepared.rollups());
                preparedArguments = prepared.arguments();
                return;
            }
            for (InferenceEvent e : inferences) {
                Boolean awaited = appliedInferences.get(e.eventId());
                if (awaited != null) {
                    rollups.values().forEach(r -> r.inference(e, awaited));
                }
            }
            for (UsageEvent e : usages) {
                if (appliedOthers.contains(e.eventId())) {
                    rollups.values().forEach(r -> r.usage(e));
                }
            }
            for (FeedbackEvent e : feedback) {
                if (appliedOthers.contains(e.eventId())) {
                    rollups.values().forEach(r -> r.feedback(e));
                }
            }
        }

        /**
         * Records the inferences' eventIds with where each is counted, and whether an outcome was waiting for it
         * (taken from {@code outcome_pending} in the same statement). Returns the ids never applied before, each
         * with that flag.
         */
        private Uni<Map<UUID, Boolean>> insertInferences() {
            if (inferences.isEmpty()) {
                return Uni.createFrom().item(Map.of());
            }
            int n = inferences.size();
            UUID[] ids = new UUID[n];
            OffsetDateTime[] hours = new OffsetDateTime[n];
            String[] devices = new String[n];
            String[] versions = new String[n];
            String[] sites = new String[n];
            String[] regions = new String[n];
            for (int i = 0; i < n; i++) {
                InferenceCell cell = InferenceCell.of(inferences.get(i));
                ids[i] = inferences.get(i).eventId();
                hours[i] = utc(cell.hour());
                devices[i] = cell.deviceId();
                versions[i] = cell.modelVersion();
                sites[i] = cell.siteId();
                regions[i] = cell.region();
            }
            return conn.preparedQuery("WITH awaited AS (DELETE FROM observatory.outcome_pending"
                            + " WHERE inference_event_id = ANY($1) RETURNING inference_event_id)"
                            + " INSERT INTO observatory.inference_seen"
                            + " (event_id, hour, device_id, model_version, site_id, region, labelled)"
                            + " SELECT k.*, k.event_id IN (SELECT inference_event_id FROM awaited)"
                            + " FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[])"
                            + " AS k(event_id, hour, device_id, model_version, site_id, region)"
                            + " ON CONFLICT DO NOTHING RETURNING event_id, labelled")
                    .execute(Tuple.from(List.of(ids, hours, devices, versions, sites, regions)))
                    .map(rows -> {
                        Map<UUID, Boolean> applied = new HashMap<>();
                        for (Row row : rows) {
                            applied.put(row.getUUID("event_id"), row.getBoolean("labelled"));
                        }
                        return applied;
                    });
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

        private Uni<Set<UUID>> insertOthers() {
            List<UUID> ids = new ArrayList<>();
            usages.forEach(e -> ids.add(e.eventId()));
            outcomes.forEach(e -> ids.add(e.eventId()));
            feedback.forEach(e -> ids.add(e.eventId()));
            if (ids.isEmpty()) {
                return Uni.createFrom().item(Set.of());
            }
            return conn.preparedQuery("INSERT INTO observatory.event_seen (event_id) SELECT unnest($1::uuid[])"
                            + " ON CONFLICT DO NOTHING RETURNING event_id")
                    .execute(Tuple.of(ids.toArray(UUID[]::new)))
                    .map(rows -> uuids(rows, "event_id"));
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
                steps.add(mergeLatency("observatory.latency_" + suffix, rollup.latency()));
                additive(rollup).forEach((table, deltas) -> steps.add(upsert(table, deltas)));
            }
            return Uni.join().all(steps).andFailFast().replaceWithVoid();
        }

        private Uni<Void> upsert(RollupTable table, CellDeltas deltas) {
            if (deltas.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Tuple arguments = preparedArguments.get(table.name());
            return conn.preparedQuery(table.upsert()).execute(arguments != null ? arguments : table.arguments(deltas))
                    .replaceWithVoid();
        }

        private static Map<RollupTable, CellDeltas> additive(TelemetryRollup rollup) {
            String suffix = rollup.granularity() == TimeBucket.HOUR ? "hour" : "day";
            Map<RollupTable, CellDeltas> tables = new LinkedHashMap<>();
            tables.put(RollupTable.inference(suffix), rollup.inferences());
            tables.put(RollupTable.usage(suffix), rollup.usages());
            tables.put(RollupTable.feedback(suffix), rollup.feedback());
            return tables;
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
