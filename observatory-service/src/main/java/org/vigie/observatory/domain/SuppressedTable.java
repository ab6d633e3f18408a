package org.vigie.observatory.domain;

import java.util.List;
import java.util.Optional;

/**
 * A table as a caller may see it: detail rows, subtotal rows for each level of the row hierarchy,
 * and the total row last (its cells are the column totals, its {@code total} the grand total).
 * With {@link Disclosure#SUPPRESSED} every count that could reveal 1..threshold−1 is masked.
 */
public record SuppressedTable(Disclosure disclosure, int threshold, List<String> columnKeys, List<Row> rows) {

    public enum RowKind { DETAIL, SUBTOTAL, TOTAL }

    /**
     * One published row. {@code path} is empty for the total row and a prefix of the detail paths
     * for a subtotal row. {@code total} is the row total (the single cell when there is one column).
     */
    public record Row(List<String> path, RowKind kind, List<PublishedCount> cells, PublishedCount total) {
        public Row {
            path = List.copyOf(path);
            cells = List.copyOf(cells);
        }
    }

    public SuppressedTable {
        columnKeys = List.copyOf(columnKeys);
        rows = List.copyOf(rows);
    }

    public Row totalRow() {
        return rows.get(rows.size() - 1);
    }

    public PublishedCount grandTotal() {
        return totalRow().total();
    }

    public List<Row> detailRows() {
        return rows.stream().filter(r -> r.kind() == RowKind.DETAIL).toList();
    }

    public Optional<Row> row(List<String> path) {
        return rows.stream().filter(r -> r.path().equals(path)).findFirst();
    }

    public PublishedCount cell(List<String> path, String columnKey) {
        int column = columnKeys.indexOf(columnKey);
        if (column < 0) {
            throw new IllegalArgumentException("no column " + columnKey);
        }
        return row(path).orElseThrow(() -> new IllegalArgumentException("no row " + path)).cells().get(column);
    }

    /** Number of masked counts, for the {@code suppressed} metadata of an answer. */
    public long suppressedCount() {
        long n = 0;
        for (Row row : rows) {
            for (PublishedCount c : row.cells()) {
                n += c.suppressed() ? 1 : 0;
            }
            n += row.cells().size() > 1 && row.total().suppressed() ? 1 : 0;
        }
        return n;
    }
}
