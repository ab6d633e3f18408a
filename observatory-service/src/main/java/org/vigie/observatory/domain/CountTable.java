package org.vigie.observatory.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Exact counts from a {@code groupBy}, before anything is published: detail rows, each identified
 * by its path in the row hierarchy (one element for a flat dimension such as {@code [region]},
 * two for {@code [region, site]}), and one count per column (the second dimension, or the single
 * column {@value #SINGLE_COLUMN} when the query groups by one dimension only).
 *
 * <p>Subtotals, row totals, column totals and the grand total are not supplied: they are always
 * the sums of the detail counts, computed here, so that the published table is internally
 * consistent — an inconsistency would itself be a leak, and it would also break the secondary
 * suppression which reasons on those sums. Only additive counts belong here (events, inferences,
 * reports); distinct counts such as "active sites" are not sums of their parts.
 */
public final class CountTable {

    public static final String SINGLE_COLUMN = "count";

    private final List<String> columnKeys;
    private final List<List<String>> paths;
    private final List<long[]> counts;

    private CountTable(List<String> columnKeys, List<List<String>> paths, List<long[]> counts) {
        this.columnKeys = columnKeys;
        this.paths = paths;
        this.counts = counts;
    }

    /** One dimension: one count per row key. */
    public static CountTable oneWay(List<String> rowKeys, long[] counts) {
        Objects.requireNonNull(rowKeys, "rowKeys");
        Objects.requireNonNull(counts, "counts");
        if (rowKeys.size() != counts.length) {
            throw new IllegalArgumentException(rowKeys.size() + " row keys but " + counts.length + " counts");
        }
        Builder builder = nested(List.of(SINGLE_COLUMN));
        for (int i = 0; i < counts.length; i++) {
            builder.row(List.of(rowKeys.get(i)), counts[i]);
        }
        return builder.build();
    }

    /** Two dimensions: {@code counts[row][column]}. */
    public static CountTable twoWay(List<String> rowKeys, List<String> columnKeys, long[][] counts) {
        Objects.requireNonNull(rowKeys, "rowKeys");
        Objects.requireNonNull(counts, "counts");
        if (rowKeys.size() != counts.length) {
            throw new IllegalArgumentException(rowKeys.size() + " row keys but " + counts.length + " rows of counts");
        }
        Builder builder = nested(columnKeys);
        for (int i = 0; i < counts.length; i++) {
            builder.row(List.of(rowKeys.get(i)), counts[i]);
        }
        return builder.build();
    }

    /** Rows in a hierarchy (e.g. region → site), added leaf by leaf with their full path. */
    public static Builder nested(List<String> columnKeys) {
        return new Builder(columnKeys);
    }

    public List<String> columnKeys() {
        return columnKeys;
    }

    /** Paths of the detail rows, in the order they were added. */
    public List<List<String>> paths() {
        return paths;
    }

    public long count(int detailRow, int column) {
        return counts.get(detailRow)[column];
    }

    public int depth() {
        return paths.isEmpty() ? 1 : paths.get(0).size();
    }

    /** Same columns, same detail rows in the same order, same counts: the same table to protect. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CountTable other) || !sameShapeAs(other)) {
            return false;
        }
        for (int i = 0; i < counts.size(); i++) {
            if (!java.util.Arrays.equals(counts.get(i), other.counts.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 31 * columnKeys.hashCode() + paths.hashCode();
        for (long[] row : counts) {
            h = 31 * h + java.util.Arrays.hashCode(row);
        }
        return h;
    }

    /** True when both tables have the same columns and the same detail rows in the same order. */
    public boolean sameShapeAs(CountTable other) {
        return columnKeys.equals(other.columnKeys) && paths.equals(other.paths);
    }

    public static final class Builder {
        private final List<String> columnKeys;
        private final List<List<String>> paths = new ArrayList<>();
        private final List<long[]> counts = new ArrayList<>();
        private final Set<List<String>> seen = new HashSet<>();

        private Builder(List<String> columnKeys) {
            Objects.requireNonNull(columnKeys, "columnKeys");
            if (columnKeys.isEmpty()) {
                throw new IllegalArgumentException("a table needs at least one column");
            }
            if (new HashSet<>(columnKeys).size() != columnKeys.size()) {
                throw new IllegalArgumentException("column keys must be unique: " + columnKeys);
            }
            this.columnKeys = List.copyOf(columnKeys);
        }

        public Builder row(List<String> path, long... rowCounts) {
            Objects.requireNonNull(path, "path");
            if (path.isEmpty()) {
                throw new IllegalArgumentException("a detail row needs a non-empty path");
            }
            if (!paths.isEmpty() && paths.get(0).size() != path.size()) {
                throw new IllegalArgumentException("every detail row must have the same depth: "
                        + paths.get(0).size() + " then " + path.size());
            }
            if (rowCounts.length != columnKeys.size()) {
                throw new IllegalArgumentException("row " + path + " has " + rowCounts.length
                        + " counts for " + columnKeys.size() + " columns");
            }
            for (long c : rowCounts) {
                if (c < 0) {
                    throw new IllegalArgumentException("row " + path + " has a negative count");
                }
            }
            List<String> copy = List.copyOf(path);
            if (!seen.add(copy)) {
                throw new IllegalArgumentException("duplicate row " + path);
            }
            paths.add(copy);
            counts.add(rowCounts.clone());
            return this;
        }

        public CountTable build() {
            return new CountTable(columnKeys, Collections.unmodifiableList(new ArrayList<>(paths)),
                    Collections.unmodifiableList(new ArrayList<>(counts)));
        }
    }
}
