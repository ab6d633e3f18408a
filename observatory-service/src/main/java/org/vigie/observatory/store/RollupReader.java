package org.vigie.observatory.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads sums from the rollups: one row per bucket and group, the group given as SQL expressions over the rollup
 * ({@code r}), its device version ({@code d}) and its site ({@code s}). Values are bound, never concatenated;
 * expressions and table names come from code, never from the caller.
 */
@ApplicationScoped
public class RollupReader {

    private final Pool pool;

    public RollupReader(Pool pool) {
        this.pool = pool;
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
        return sums(truncUnit.equals("hour") ? "observatory.inference_hour" : "observatory.inference_day", bucket, group,
                filters, List.of("count(DISTINCT r.site_id) FILTER (WHERE r.inferences > 0)",
                        "count(DISTINCT r.device_id) FILTER (WHERE r.inferences > 0)"), null, from, to);
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
