package org.vigie.observatory.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link CountTable} laid out as published: detail rows, one subtotal row per inner node of the
 * row hierarchy, the total row last; a total column when there is more than one column. Each
 * (row, column) position is a cell numbered {@code row * width + column}, and every sum the table
 * shows is an additive relation between cells.
 */
final class TableLayout {

    record Row(List<String> path, SuppressedTable.RowKind kind, List<Integer> children) {
    }

    final List<Row> rows = new ArrayList<>();
    final int columns;
    /** columns, plus one for the row total when there is more than one column. */
    final int width;
    final long[] values;

    TableLayout(CountTable table) {
        this.columns = table.columnKeys().size();
        this.width = columns == 1 ? 1 : columns + 1;
        Node root = new Node(List.of());
        Map<List<String>, long[]> leafCounts = new LinkedHashMap<>();
        for (int i = 0; i < table.paths().size(); i++) {
            List<String> path = table.paths().get(i);
            Node node = root;
            for (int depth = 1; depth <= path.size(); depth++) {
                List<String> prefix = path.subList(0, depth);
                node = node.children.computeIfAbsent(List.copyOf(prefix), Node::new);
            }
            long[] counts = new long[columns];
            for (int c = 0; c < columns; c++) {
                counts[c] = table.count(i, c);
            }
            leafCounts.put(path, counts);
        }
        List<long[]> rowValues = new ArrayList<>();
        int rootIndex = place(root, true, leafCounts, rowValues);
        if (rootIndex != rows.size() - 1) {
            throw new IllegalStateException("total row must come last");
        }
        values = new long[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rowValues.get(r), 0, values, r * width, width);
        }
    }

    /** Places a node's subtree; returns the node's row index. Subtotal before its children, total last. */
    private int place(Node node, boolean isRoot, Map<List<String>, long[]> leafCounts, List<long[]> rowValues) {
        if (node.children.isEmpty() && !isRoot) {
            long[] v = new long[width];
            long[] counts = leafCounts.get(node.path);
            long sum = 0;
            for (int c = 0; c < columns; c++) {
                v[c] = counts[c];
                sum = Math.addExact(sum, counts[c]);
            }
            if (width > columns) {
                v[columns] = sum;
            }
            rows.add(new Row(node.path, SuppressedTable.RowKind.DETAIL, List.of()));
            rowValues.add(v);
            return rows.size() - 1;
        }
        int self = -1;
        if (!isRoot) {
            rows.add(null); // placeholder: the subtotal reads before its children
            rowValues.add(null);
            self = rows.size() - 1;
        }
        List<Integer> children = new ArrayList<>();
        for (Node child : node.children.values()) {
            children.add(place(child, false, leafCounts, rowValues));
        }
        long[] v = new long[width];
        for (int child : children) {
            long[] cv = rowValues.get(child);
            for (int c = 0; c < width; c++) {
                v[c] = Math.addExact(v[c], cv[c]);
            }
        }
        Row row = new Row(node.path, isRoot ? SuppressedTable.RowKind.TOTAL : SuppressedTable.RowKind.SUBTOTAL,
                List.copyOf(children));
        if (isRoot) {
            rows.add(row);
            rowValues.add(v);
            return rows.size() - 1;
        }
        rows.set(self, row);
        rowValues.set(self, v);
        return self;
    }

    int cell(int row, int column) {
        return row * width + column;
    }

    int cellCount() {
        return values.length;
    }

    /** Calls {@code sink.accept(total, parts)} for every sum the table shows. */
    void forEachRelation(RelationSink sink) {
        for (int r = 0; r < rows.size(); r++) {
            if (width > columns) {
                List<Integer> parts = new ArrayList<>(columns);
                for (int c = 0; c < columns; c++) {
                    parts.add(cell(r, c));
                }
                sink.accept(cell(r, columns), parts);
            }
            List<Integer> children = rows.get(r).children();
            if (!children.isEmpty()) {
                for (int c = 0; c < width; c++) {
                    List<Integer> parts = new ArrayList<>(children.size());
                    for (int child : children) {
                        parts.add(cell(child, c));
                    }
                    sink.accept(cell(r, c), parts);
                }
            }
        }
    }

    interface RelationSink {
        void accept(int total, List<Integer> parts);
    }

    private static final class Node {
        final List<String> path;
        final Map<List<String>, Node> children = new LinkedHashMap<>();

        Node(List<String> path) {
            this.path = path;
        }
    }
}
