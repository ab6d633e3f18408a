package org.vigie.observatory.store;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.vigie.observatory.domain.TelemetryRollup;

/**
 * One family of rollup tables ({@code <family>_hour} and {@code <family>_day}) and the part of a statement that
 * adds a set of cells to both: given a query {@code cells} yielding hourly cells (bucket, key columns, measures),
 * the hourly cells are upserted as they are and the daily ones as their sums per UTC day — existing cells
 * incremented ({@code ON CONFLICT DO UPDATE SET m = m + excluded.m}), each table's cells in key order (two
 * writers upserting overlapping cells lock them in the same order and so cannot deadlock each other). The day
 * tables' statement triggers ({@code day_version}) fire as for any insert or update.
 *
 * <p>Deriving the days in SQL, from the same hourly cells, means the service sends each event's cell once (its
 * eventId row) instead of building and sending every cell twice.
 */
record RollupTable(String family, List<String> keys, List<String> measures, List<Boolean> integral) {

    static final List<String> INFERENCE_KEYS = List.of("bucket", "device_id", "model_version", "site_id", "region");

    static final RollupTable INFERENCE = new RollupTable("inference", INFERENCE_KEYS, TelemetryRollup.INFERENCE_MEASURES,
            List.of(true, true, true, false, true, false));
    static final RollupTable USAGE = new RollupTable("usage", concat(INFERENCE_KEYS, "specialty"),
            TelemetryRollup.USAGE_MEASURES, List.of(true, true, true, true));
    static final RollupTable FEEDBACK = new RollupTable("feedback", concat(INFERENCE_KEYS, "category", "harm"),
            TelemetryRollup.FEEDBACK_MEASURES, List.of(true));

    /**
     * {@code cells AS (…), <family>_hour_cells AS (INSERT …), <family>_day_cells AS (INSERT …)}: to follow
     * {@code WITH} and the CTEs that {@code cellsQuery} reads; the statement's main query may read {@code cells}.
     * {@code cellsQuery} returns the values of {@link #keys} then {@link #measures}, in that order (the names are given
     * here), one row per key.
     */
    String upsertHoursAndDays(String cellsQuery) {
        List<String> columns = new ArrayList<>(keys);
        columns.addAll(measures);
        String order = IntStream.rangeClosed(1, keys.size()).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        String conflict = " ON CONFLICT (" + String.join(", ", keys) + ") DO UPDATE SET "
                + measures.stream().map(m -> m + " = r." + m + " + excluded." + m).collect(Collectors.joining(", "));
        String daily = "date_trunc('day', bucket, 'UTC'), " + String.join(", ", keys.subList(1, keys.size())) + ", "
                + IntStream.range(0, measures.size())
                        .mapToObj(i -> "sum(" + measures.get(i) + ")" + (integral.get(i) ? "::bigint" : ""))
                        .collect(Collectors.joining(", "));
        String insert = " AS r (" + String.join(", ", columns) + ") ";
        return "cells (" + String.join(", ", columns) + ") AS MATERIALIZED (" + cellsQuery + "),"
                + " " + family + "_hour_cells AS (INSERT INTO observatory." + family + "_hour" + insert
                + "SELECT * FROM cells ORDER BY " + order + conflict + "),"
                + " " + family + "_day_cells AS (INSERT INTO observatory." + family + "_day" + insert
                + "SELECT " + daily + " FROM cells GROUP BY " + order + " ORDER BY " + order + conflict + ")";
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return List.copyOf(all);
    }
}
