package org.vigie.observatory.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A count series as published: one table per base bucket (a day; an hour for exact callers), protected whole
 * by {@link SmallCellSuppression}, then added up into the requested interval.
 *
 * <p>Why per day, and why "a longer bucket is shown only when every one of its days is shown": the day is the
 * finest public grain, and a week or a month is the sum of its days. If a month could be shown while one of
 * its days is masked, the month minus the other days would give the masked day back. With this rule every
 * interval publishes nothing the daily tables do not already publish, so week, month and day answers can be
 * combined without recovering a masked cell, and each answer's pattern is a deterministic function of the data.
 */
public final class DailyPublication {

    /** One published row of one bucket. */
    public record Row(Instant bucket, List<String> path, SuppressedTable.RowKind kind, List<PublishedCount> cells,
                      PublishedCount total) {
    }

    private final SmallCellSuppression suppression;
    private final Disclosure disclosure;
    private final ProtectedTables memo;

    public DailyPublication(SmallCellSuppression suppression, Disclosure disclosure) {
        this(suppression, disclosure, ProtectedTables.NONE);
    }

    /** With {@code memo}: a day table protected before (same counts, same rule) is not protected again. */
    public DailyPublication(SmallCellSuppression suppression, Disclosure disclosure, ProtectedTables memo) {
        this.suppression = suppression;
        this.disclosure = disclosure;
        this.memo = memo;
    }

    /**
     * Protects each base bucket's table whole.
     *
     * @param columns the count columns (one for a single measure; several additive ones, e.g. usage actions,
     *                whose row total is published too)
     * @param cells   base bucket → detail path → counts per column
     */
    public Map<Instant, List<Row>> protect(List<String> columns, Map<Instant, Map<List<String>, long[]>> cells) {
        Map<Instant, List<Row>> out = new TreeMap<>();
        cells.forEach((bucket, detail) -> {
            if (!detail.isEmpty()) {
                CountTable table = table(columns, paths(detail, Map.of()), detail);
                out.put(bucket, rows(bucket, memo.protect(new ProtectedTables.Key(suppression.threshold(), disclosure,
                        table, null), () -> suppression.applyHierarchy(table, disclosure))));
            }
        });
        return out;
    }

    /**
     * Protects counts that are a subset of others (labelled inferences of inferences), cell by cell, together
     * with the whole ({@link SmallCellSuppression#suppressFiltered}): neither the subset nor the rest of the
     * whole can be singled out by subtraction.
     */
    public Map<Instant, List<Row>> protectSubset(List<String> columns, Map<Instant, Map<List<String>, long[]>> subset,
                                                 Map<Instant, Map<List<String>, long[]>> whole) {
        Map<Instant, List<Row>> out = new TreeMap<>();
        whole.forEach((bucket, detail) -> {
            Map<List<String>, long[]> part = subset.getOrDefault(bucket, Map.of());
            if (!detail.isEmpty()) {
                List<List<String>> paths = paths(detail, part);
                CountTable all = table(columns, paths, detail);
                CountTable kept = table(columns, paths, part);
                out.put(bucket, rows(bucket, memo.protect(new ProtectedTables.Key(suppression.threshold(), disclosure,
                        all, kept), () -> suppression.suppressFiltered(all, kept, disclosure))));
            }
        });
        return out;
    }

    private static List<Row> rows(Instant bucket, SuppressedTable published) {
        List<Row> rows = new ArrayList<>();
        for (SuppressedTable.Row r : published.rows()) {
            rows.add(new Row(bucket, r.path(), r.kind(), r.cells(), r.total()));
        }
        return rows;
    }

    private static List<List<String>> paths(Map<List<String>, long[]> a, Map<List<String>, long[]> b) {
        java.util.Set<List<String>> all = new java.util.HashSet<>(a.keySet());
        all.addAll(b.keySet());
        List<List<String>> paths = new ArrayList<>(all);
        paths.sort(PATH_ORDER);
        return paths;
    }

    private static CountTable table(List<String> columns, List<List<String>> paths, Map<List<String>, long[]> counts) {
        CountTable.Builder builder = CountTable.nested(columns);
        for (List<String> path : paths) {
            builder.row(path, counts.getOrDefault(path, new long[columns.size()]));
        }
        return builder.build();
    }

    /**
     * Adds base-bucket rows into {@code interval} buckets: a cell is shown when it is shown in every base bucket
     * where its row appears (absent = zero, which is public), else suppressed.
     */
    public static Map<Instant, List<Row>> rollUp(Map<Instant, List<Row>> base, TimeBucket interval) {
        Map<Instant, Map<List<String>, Row>> merged = new TreeMap<>();
        base.forEach((bucket, rows) -> {
            Map<List<String>, Row> target = merged.computeIfAbsent(interval.start(bucket), b -> new LinkedHashMap<>());
            for (Row r : rows) {
                target.merge(r.path(), new Row(interval.start(bucket), r.path(), r.kind(), r.cells(), r.total()),
                        DailyPublication::add);
            }
        });
        Map<Instant, List<Row>> out = new TreeMap<>();
        merged.forEach((bucket, rows) -> {
            List<Row> ordered = new ArrayList<>(rows.values());
            ordered.sort(Comparator.comparing(Row::path, PATH_ORDER));
            out.put(bucket, ordered);
        });
        return out;
    }

    private static Row add(Row a, Row b) {
        List<PublishedCount> cells = new ArrayList<>(a.cells().size());
        for (int i = 0; i < a.cells().size(); i++) {
            cells.add(add(a.cells().get(i), b.cells().get(i)));
        }
        return new Row(a.bucket(), a.path(), a.kind(), cells, add(a.total(), b.total()));
    }

    private static PublishedCount add(PublishedCount a, PublishedCount b) {
        return a.suppressed() || b.suppressed() ? PublishedCount.suppressedCount() : PublishedCount.shown(a.count() + b.count());
    }

    /** Subtotals before their children, the total (empty path) last. */
    public static final Comparator<List<String>> PATH_ORDER = (a, b) -> {
        if (a.isEmpty() != b.isEmpty()) {
            return a.isEmpty() ? 1 : -1;
        }
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };
}
