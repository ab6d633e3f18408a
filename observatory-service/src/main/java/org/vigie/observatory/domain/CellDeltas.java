package org.vigie.observatory.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Additive increments to the cells of one rollup table, accumulated over a batch of events so that each
 * cell is written once per batch (a multi-row upsert cannot touch the same row twice). Keys are the table's
 * key columns in order; values are its measure columns in order.
 */
public final class CellDeltas {

    private final int measures;
    private final Map<List<Object>, double[]> cells = new LinkedHashMap<>();

    public CellDeltas(int measures) {
        this.measures = measures;
    }

    public void add(List<Object> key, int measure, double amount) {
        cells.computeIfAbsent(key, k -> new double[measures])[measure] += amount;
    }

    public boolean isEmpty() {
        return cells.isEmpty();
    }

    public int size() {
        return cells.size();
    }

    public Map<List<Object>, double[]> cells() {
        return cells;
    }

    /**
     * The cells in key order: two writers upserting overlapping cells lock them in the same order and so
     * cannot deadlock each other.
     */
    public List<Map.Entry<List<Object>, double[]>> sorted() {
        List<Map.Entry<List<Object>, double[]>> entries = new ArrayList<>(cells.entrySet());
        entries.sort(Map.Entry.comparingByKey(KEY_ORDER));
        return entries;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final Comparator<List<Object>> KEY_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = ((Comparable) a.get(i)).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };
}
