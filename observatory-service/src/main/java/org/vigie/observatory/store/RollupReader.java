package org.vigie.observatory.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigie.observatory.config.ObservatoryConfig;
import org.vigie.observatory.domain.TimeBucket;

/**
 * Reads sums from the rollups: one row per bucket and group, the group given as SQL expressions over the rollup
 * ({@code r}), its device version ({@code d}) and its site ({@code s}). Values are bound, never concatenated;
 * expressions and table names come from code, never from the caller.
 */
@ApplicationScoped
public class RollupReader {

    /** Daily tables whose changes bump {@code observatory.day_version} (migration V3), so their sums can be kept. */
    private static final Set<String> VERSIONED = Set.of("observatory.inference_day", "observatory.usage_day",
            "observatory.feedback_day");

    private final Pool pool;
    private final PastDays pastDays;

    public RollupReader(Pool pool, ObservatoryConfig config) {
        this.pool = pool;
        this.pastDays = new PastDays(config.api().cachedCells());
    }

    /** A bucket, the group's values, the measures, and an optional extra key (e.g. a country, or a sketch). */
    public record Cell(Instant bucket, List<String> group, double[] values, Object extra) {
    }

    /**
     * @param table    rollup table (e.g. {@code observatory.inference_day})
     * @param bucket   SQL of the bucket column ({@code r.bucket}, or {@code r.first_seen} truncated)
     * @param group    SQL expressions of the group path
     * @param filters  SQL expression → value, all ANDed
     * @param measures SQL aggregate expressions
     * @param extra    an SQL expression to group by as well and return as {@link Cell#extra()}, or null
     */
    public Uni<List<Cell>> sums(String table, String bucket, List<String> group, List<Map.Entry<String, String>> filters,
                                List<String> measures, String extra, Instant from, Instant to) {
        if (VERSIONED.contains(table) && bucket.equals("r.bucket")) {
            return kept(TimeBucket.DAY, table, bucket, group, filters, measures, extra, from, to);
        }
        return live(table, bucket, group, filters, measures, extra, from, to);
    }

    /**
     * Sums of a daily table by {@code unit} bucket (its days, or the week or month they fall in), each bucket's
     * cells reused from {@link PastDays} while none of its days has changed since they were read. The versions are
     * read <em>before</em> the rows (their own statement): a change committed in between makes the kept cells
     * newer than their label, never older, so the next request reads that bucket again rather than serve it
     * stale. Only the buckets that changed (typically the current day) are read, in one range.
     */
    private Uni<List<Cell>> kept(TimeBucket unit, String table, String bucket, List<String> group,
                                 List<Map.Entry<String, String>> filters, List<String> measures, String extra,
                                 Instant from, Instant to) {
        if (!pastDays.enabled()) {
            return live(table, bucket, group, filters, measures, extra, from, to);
        }
        String shape = table + "|" + bucket + "|" + group + "|" + measures + "|" + extra;
        List<String> filterShape = new ArrayList<>();
        filters.forEach(f -> {
            filterShape.add(f.getKey());
            filterShape.add(f.getValue());
        });
        return versions(from, to).chain(v -> {
            Map<Instant, PastDays.Key> keys = new LinkedHashMap<>();
            Map<Instant, long[]> signatures = new HashMap<>();
            Map<Instant, List<Cell>> found = new LinkedHashMap<>();
            Instant missingFrom = null;
            Instant missingTo = null;
            for (Instant u : unit.startsBetween(from, to)) {
                Instant start = u.isBefore(from) ? from : u;
                Instant end = unit.next(u).isAfter(to) ? to : unit.next(u);
                PastDays.Key key = new PastDays.Key(shape, filterShape, start, end);
                long[] signature = v.signature(start, end);
                keys.put(u, key);
                signatures.put(u, signature);
                List<Cell> cells = pastDays.get(key, signature);
                if (cells != null) {
                    found.put(u, cells);
                } else {
                    missingFrom = missingFrom == null ? start : missingFrom;
                    missingTo = end;
                }
            }
            if (missingFrom == null) {
                return Uni.createFrom().item(flatten(found, keys));
            }
            return live(table, bucket, group, filters, measures, extra, missingFrom, missingTo).map(cells -> {
                Map<Instant, List<Cell>> read = new HashMap<>();
                cells.forEach(c -> read.computeIfAbsent(c.bucket(), b -> new ArrayList<>()).add(c));
                keys.forEach((u, key) -> {
                    if (!found.containsKey(u)) {
                        List<Cell> unitCells = List.copyOf(read.getOrDefault(u, List.of()));
                        pastDays.put(key, signatures.get(u), unitCells);
                        found.put(u, unitCells);
                    }
                });
                return flatten(found, keys);
            });
        });
    }

    private static List<Cell> flatten(Map<Instant, List<Cell>> found, Map<Instant, PastDays.Key> order) {
        List<Cell> all = new ArrayList<>();
        order.keySet().forEach(u -> all.addAll(found.getOrDefault(u, List.of())));
        return all;
    }

    /** The version of every day in [from, to) that has one, and the dimension version, in one statement. */
    private Uni<Versions> versions(Instant from, Instant to) {
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(to, ZoneOffset.UTC).plusDays(1);
        return pool.preparedQuery("SELECT day, version FROM observatory.day_version WHERE day >= $1 AND day < $2"
                        + " UNION ALL SELECT NULL, version FROM observatory.dimension_version")
                .execute(Tuple.of(first, last)).map(rows -> {
                    Map<LocalDate, Long> days = new HashMap<>();
                    long dimensions = 0;
                    for (Row row : rows) {
                        LocalDate day = row.getLocalDate("day");
                        if (day == null) {
                            dimensions = row.getLong("version");
                        } else {
                            days.put(day, row.getLong("version"));
                        }
                    }
                    return new Versions(days, dimensions);
                });
    }

    private record Versions(Map<LocalDate, Long> days, long dimensions) {
        /** The dimension version, then the version of each day of [start, end) (0 for a day never written). */
        long[] signature(Instant start, Instant end) {
            LocalDate first = LocalDate.ofInstant(start, ZoneOffset.UTC);
            LocalDate stop = LocalDate.ofInstant(end.minusNanos(1), ZoneOffset.UTC).plusDays(1);
            List<Long> out = new ArrayList<>();
            out.add(dimensions);
            for (LocalDate d = first; d.isBefore(stop); d = d.plusDays(1)) {
                out.add(days.getOrDefault(d, 0L));
            }
            return out.stream().mapToLong(Long::longValue).toArray();
        }
    }

    private Uni<List<Cell>> live(String table, String bucket, List<String> group, List<Map.Entry<String, String>> filters,
                                 List<String> measures, String extra, Instant from, Instant to) {
        StringBuilder sql = new StringBuilder("SELECT ").append(bucket).append(" AS b");
        for (int i = 0; i < group.size(); i++) {
            sql.append(", ").append(group.get(i)).append(" AS g").append(i);
        }
        if (extra != null) {
            sql.append(", ").append(extra).append(" AS x");
        }
        for (int i = 0; i < measures.size(); i++) {
            sql.append(", (").append(measures.get(i)).append(")::double precision AS m").append(i);
        }
        sql.append(" FROM ").append(table).append(" r")
                .append(" LEFT JOIN observatory.device_version d ON d.device_id = r.device_id")
                .append(table.contains("alert_state") ? " AND d.model_version = coalesce(r.model_version, '')"
                        : " AND d.model_version = r.model_version");
        if (table.contains("inference_") || table.contains("usage_") || table.contains("feedback_")) {
            sql.append(" LEFT JOIN observatory.site s ON s.site_id = r.site_id");
        }
        sql.append(" WHERE ").append(bucket).append(" >= $1 AND ").append(bucket).append(" < $2");
        List<Object> args = filtered(sql, filters, from, to);
        sql.append(" GROUP BY b");
        for (int i = 0; i < group.size(); i++) {
            sql.append(", g").append(i);
        }
        if (extra != null) {
            sql.append(", x");
        }
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(rows -> {
            List<Cell> cells = new ArrayList<>();
            for (Row row : rows) {
                List<String> path = path(row, group.size());
                double[] values = new double[measures.size()];
                for (int i = 0; i < measures.size(); i++) {
                    Double v = row.getDouble("m" + i);
                    values[i] = v == null ? 0 : v;
                }
                Object x = extra == null ? null : row.getValue("x");
                if (x instanceof io.vertx.mutiny.core.buffer.Buffer buffer) {
                    x = buffer.getBytes();
                } else if (x instanceof io.vertx.core.buffer.Buffer buffer) {
                    x = buffer.getBytes();
                }
                cells.add(new Cell(row.getOffsetDateTime("b").toInstant(), path, values, x));
            }
            return cells;
        });
    }

    /** Latency sketches, one per stored row, with the group they belong to. */
    public Uni<List<Cell>> sketches(String table, List<String> group, List<Map.Entry<String, String>> filters,
                                    Instant from, Instant to) {
        StringBuilder sql = new StringBuilder("SELECT r.bucket AS b");
        for (int i = 0; i < group.size(); i++) {
            sql.append(", ").append(group.get(i)).append(" AS g").append(i);
        }
        sql.append(", r.sketch FROM ").append(table).append(" r LEFT JOIN observatory.device_version d")
                .append(" ON d.device_id = r.device_id AND d.model_version = r.model_version")
                .append(" WHERE r.bucket >= $1 AND r.bucket < $2");
        List<Object> args = filtered(sql, filters, from, to);
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(rows -> {
            List<Cell> cells = new ArrayList<>();
            for (Row row : rows) {
                List<String> path = path(row, group.size());
                cells.add(new Cell(row.getOffsetDateTime("b").toInstant(), path, new double[0],
                        row.getBuffer("sketch").getBytes()));
            }
            return cells;
        });
    }

    /** Distinct counts per interval bucket ({@code date_trunc}), which are not sums of daily counts. */
    public Uni<List<Cell>> distinct(String truncUnit, List<String> group, List<Map.Entry<String, String>> filters,
                                    Instant from, Instant to) {
        String bucket = "date_trunc('" + truncUnit + "', r.bucket, 'UTC')";
        List<String> measures = List.of("count(DISTINCT r.site_id) FILTER (WHERE r.inferences > 0)",
                "count(DISTINCT r.device_id) FILTER (WHERE r.inferences > 0)");
        if (truncUnit.equals("hour")) {
            return live("observatory.inference_hour", bucket, group, filters, measures, null, from, to);
        }
        // A week's or month's distinct count is not a sum of days: it is kept per week or month, as long as
        // none of its days changed.
        return kept(TimeBucket.parse(truncUnit), "observatory.inference_day", bucket, group, filters, measures, null,
                from, to);
    }

    /** Binds the range ($1, $2) and appends each filter as a bound parameter; returns the arguments. */
    private static List<Object> filtered(StringBuilder sql, List<Map.Entry<String, String>> filters, Instant from, Instant to) {
        List<Object> args = new ArrayList<>(List.of(RollupWriter.utc(from), RollupWriter.utc(to)));
        for (Map.Entry<String, String> f : filters) {
            args.add(f.getValue());
            sql.append(" AND ").append(f.getKey()).append(" = $").append(args.size());
        }
        return args;
    }

    private static List<String> path(Row row, int size) {
        List<String> path = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            path.add(String.valueOf(row.getValue("g" + i)));
        }
        return path;
    }

    /** Current counts of open alerts and obligations (not bucketed). */
    public Uni<List<Cell>> current(String sql) {
        return pool.query(sql).execute().map(rows -> {
            List<Cell> cells = new ArrayList<>();
            for (Row row : rows) {
                cells.add(new Cell(null, List.of(row.getString(0), row.getString(1)),
                        new double[] {row.getLong(2), row.getLong(3)}, null));
            }
            return cells;
        });
    }
}
