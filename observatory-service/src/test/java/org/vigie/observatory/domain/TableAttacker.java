package org.vigie.observatory.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * An attacker written independently of the production engine, for the tests: it knows every shown
 * count and every additive relation a reader can infer from the published layout, and tries to
 * recompute hidden counts by
 * <ul>
 *   <li>subtraction in one line (total minus the other shown cells), and</li>
 *   <li>any linear combination of lines (Gaussian elimination in floating point, a different
 *       arithmetic from the engine's modular one),</li>
 * </ul>
 * and to learn the combined size of the masked cells of a line whose total it knows.
 */
final class TableAttacker {

    private final List<long[]> truth = new ArrayList<>();
    private final List<Boolean> visible = new ArrayList<>();
    private final List<int[]> relations = new ArrayList<>();

    /** Adds a cell with its true value; returns its index. */
    int cell(long trueValue, boolean shown) {
        truth.add(new long[] {trueValue});
        visible.add(shown);
        return truth.size() - 1;
    }

    void relate(int total, List<Integer> parts) {
        int[] r = new int[parts.size() + 1];
        r[0] = total;
        for (int i = 0; i < parts.size(); i++) {
            r[i + 1] = parts.get(i);
        }
        relations.add(r);
    }

    long value(int cell) {
        return truth.get(cell)[0];
    }

    boolean shown(int cell) {
        return visible.get(cell);
    }

    /**
     * Adds the published table's cells and relations (read only from the published layout) with the
     * true values from {@code truthTable}; returns the cell index of each (row, column-or-total).
     */
    int[][] addPublished(SuppressedTable published, long[][] trueValues) {
        int rows = published.rows().size();
        int columns = published.columnKeys().size();
        int[][] index = new int[rows][columns + 1];
        for (int r = 0; r < rows; r++) {
            SuppressedTable.Row row = published.rows().get(r);
            for (int c = 0; c < columns; c++) {
                index[r][c] = cell(trueValues[r][c], !row.cells().get(c).suppressed());
            }
            if (columns > 1) {
                index[r][columns] = cell(trueValues[r][columns], !row.total().suppressed());
                List<Integer> parts = new ArrayList<>();
                for (int c = 0; c < columns; c++) {
                    parts.add(index[r][c]);
                }
                relate(index[r][columns], parts);
            } else {
                index[r][columns] = index[r][0];
            }
        }
        int width = columns > 1 ? columns + 1 : 1;
        for (int r = 0; r < rows; r++) {
            SuppressedTable.Row row = published.rows().get(r);
            if (row.kind() == SuppressedTable.RowKind.DETAIL) {
                continue;
            }
            List<Integer> children = new ArrayList<>();
            for (int k = 0; k < rows; k++) {
                List<String> p = published.rows().get(k).path();
                if (p.size() == row.path().size() + 1 && p.subList(0, row.path().size()).equals(row.path())) {
                    children.add(k);
                }
            }
            for (int c = 0; c < width; c++) {
                List<Integer> parts = new ArrayList<>();
                for (int child : children) {
                    parts.add(index[child][c]);
                }
                relate(index[r][c], parts);
            }
        }
        return index;
    }

    /** Every way found to learn a value in 1..threshold−1; empty when the publication is safe. */
    List<String> disclosures(int threshold) {
        List<String> found = new ArrayList<>();
        int n = truth.size();
        for (int i = 0; i < n; i++) {
            if (shown(i) && small(value(i), threshold)) {
                found.add("cell " + i + " shown with " + value(i));
            }
        }
        for (int[] r : relations) {
            List<Integer> hidden = new ArrayList<>();
            for (int cell : r) {
                if (!shown(cell)) {
                    hidden.add(cell);
                }
            }
            if (hidden.size() == 1 && small(value(hidden.get(0)), threshold)) {
                found.add("cell " + hidden.get(0) + " = " + value(hidden.get(0)) + " by subtraction in one line");
            }
        }
        boolean[] determined = determined();
        for (int i = 0; i < n; i++) {
            if (!shown(i) && determined[i] && small(value(i), threshold)) {
                found.add("cell " + i + " = " + value(i) + " by linear combination");
            }
        }
        for (int[] r : relations) {
            if (!shown(r[0]) && !determined[r[0]]) {
                continue;
            }
            long residual = 0;
            for (int k = 1; k < r.length; k++) {
                if (!shown(r[k]) && !determined[r[k]]) {
                    residual += value(r[k]);
                }
            }
            if (small(residual, threshold)) {
                found.add("masked parts of a line with known total add up to " + residual);
            }
        }
        return found;
    }

    private static boolean small(long v, int threshold) {
        return v >= 1 && v < threshold;
    }

    /** Hidden cells whose value is fixed by the shown ones (double-precision Gauss–Jordan). */
    boolean[] determined() {
        int n = truth.size();
        int[] col = new int[n];
        List<Integer> unknowns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!shown(i)) {
                col[i] = unknowns.size();
                unknowns.add(i);
            }
        }
        int w = unknowns.size();
        List<double[]> rows = new ArrayList<>();
        for (int[] r : relations) {
            double[] row = new double[w];
            boolean any = false;
            for (int k = 0; k < r.length; k++) {
                if (!shown(r[k])) {
                    row[col[r[k]]] += k == 0 ? 1 : -1;
                    any = true;
                }
            }
            if (any) {
                rows.add(row);
            }
        }
        double[][] m = rows.toArray(new double[0][]);
        int rank = 0;
        int[] pivotCol = new int[m.length];
        for (int c = 0; c < w && rank < m.length; c++) {
            int best = -1;
            for (int r = rank; r < m.length; r++) {
                if (Math.abs(m[r][c]) > 1e-9 && (best < 0 || Math.abs(m[r][c]) > Math.abs(m[best][c]))) {
                    best = r;
                }
            }
            if (best < 0) {
                continue;
            }
            double[] t = m[best];
            m[best] = m[rank];
            m[rank] = t;
            double p = m[rank][c];
            for (int j = 0; j < w; j++) {
                m[rank][j] /= p;
            }
            for (int r = 0; r < m.length; r++) {
                if (r != rank && Math.abs(m[r][c]) > 1e-12) {
                    double f = m[r][c];
                    for (int j = 0; j < w; j++) {
                        m[r][j] -= f * m[rank][j];
                    }
                }
            }
            pivotCol[rank++] = c;
        }
        boolean[] determined = new boolean[n];
        for (int r = 0; r < rank; r++) {
            boolean alone = true;
            for (int j = 0; j < w; j++) {
                if (j != pivotCol[r] && Math.abs(m[r][j]) > 1e-9) {
                    alone = false;
                    break;
                }
            }
            if (alone) {
                determined[unknowns.get(pivotCol[r])] = true;
            }
        }
        return determined;
    }
}
