package org.vigie.observatory.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which unknown cells an attacker can recompute exactly from the published ones.
 *
 * <p>Every additive relation {@code total = part1 + ... + partN} is a linear equation. With the
 * published cells moved to the right-hand side, an unknown cell is recomputable exactly when its
 * unit vector lies in the row space of the equations restricted to the unknowns — in reduced row
 * echelon form: it is a pivot whose row has no entry in any free column. This is the complete
 * linear attack (any combination of rows, columns, subtotals and overlapping queries), not just
 * "one masked cell in a line".
 *
 * <p>Arithmetic is done modulo the prime 2^31 − 1 so that it is exact and cheap. Coefficients are
 * 0 and ±1; a rank computed modulo p can only differ from the rational rank if p divides a minor
 * of that matrix, which for these sparse ±1 matrices (totally unimodular for plain two-way tables,
 * where every minor is 0 or ±1) does not happen at the table sizes the observatory publishes.
 * The equations are split into independent connected components first, so a large table with
 * scattered masked cells costs little.
 */
final class ExactRecomputation {

    static final long P = 2_147_483_647L;

    private ExactRecomputation() {
    }

    /**
     * @param unknown   which cells the attacker does not see
     * @param relations each {@code int[]} is {@code [total, part1, ..., partN]}
     * @return for every cell, whether it is unknown and yet exactly recomputable
     */
    static boolean[] determined(boolean[] unknown, List<int[]> relations) {
        int n = unknown.length;
        boolean[] determined = new boolean[n];
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        List<int[]> involved = new ArrayList<>();
        for (int[] relation : relations) {
            int first = -1;
            for (int cell : relation) {
                if (unknown[cell]) {
                    if (first < 0) {
                        first = cell;
                    } else {
                        union(parent, first, cell);
                    }
                }
            }
            if (first >= 0) {
                involved.add(relation);
            }
        }
        // Group relations and unknown cells by component root.
        int[] componentOf = new int[n];
        Arrays.fill(componentOf, -1);
        List<List<Integer>> componentCells = new ArrayList<>();
        for (int cell = 0; cell < n; cell++) {
            if (!unknown[cell]) {
                continue;
            }
            int root = find(parent, cell);
            if (componentOf[root] < 0) {
                componentOf[root] = componentCells.size();
                componentCells.add(new ArrayList<>());
            }
            componentCells.get(componentOf[root]).add(cell);
        }
        List<List<int[]>> componentRelations = new ArrayList<>();
        for (int i = 0; i < componentCells.size(); i++) {
            componentRelations.add(new ArrayList<>());
        }
        for (int[] relation : involved) {
            for (int cell : relation) {
                if (unknown[cell]) {
                    componentRelations.get(componentOf[find(parent, cell)]).add(relation);
                    break;
                }
            }
        }
        int[] column = new int[n];
        for (int c = 0; c < componentCells.size(); c++) {
            List<Integer> cells = componentCells.get(c);
            for (int i = 0; i < cells.size(); i++) {
                column[cells.get(i)] = i;
            }
            boolean[] local = solveComponent(cells.size(), componentRelations.get(c), unknown, column);
            for (int i = 0; i < cells.size(); i++) {
                determined[cells.get(i)] = local[i];
            }
        }
        return determined;
    }

    private static boolean[] solveComponent(int width, List<int[]> relations, boolean[] unknown, int[] column) {
        long[][] m = new long[relations.size()][width];
        for (int r = 0; r < relations.size(); r++) {
            int[] relation = relations.get(r);
            for (int k = 0; k < relation.length; k++) {
                int cell = relation[k];
                if (unknown[cell]) {
                    long coefficient = k == 0 ? 1 : P - 1;
                    m[r][column[cell]] = (m[r][column[cell]] + coefficient) % P;
                }
            }
        }
        int rows = m.length;
        int[] pivotColumnOfRow = new int[rows];
        boolean[] isPivotColumn = new boolean[width];
        int rank = 0;
        for (int col = 0; col < width && rank < rows; col++) {
            int pivot = -1;
            for (int r = rank; r < rows; r++) {
                if (m[r][col] != 0) {
                    pivot = r;
                    break;
                }
            }
            if (pivot < 0) {
                continue;
            }
            long[] swap = m[pivot];
            m[pivot] = m[rank];
            m[rank] = swap;
            long[] pivotRow = m[rank];
            long inverse = inverse(pivotRow[col]);
            for (int j = col; j < width; j++) {
                if (pivotRow[j] != 0) {
                    pivotRow[j] = pivotRow[j] * inverse % P;
                }
            }
            // Columns before col in the pivot row are zero: earlier pivots were eliminated from
            // it and earlier free columns were zero below their own rank position.
            for (int r = 0; r < rows; r++) {
                if (r == rank) {
                    continue;
                }
                long factor = m[r][col];
                if (factor == 0) {
                    continue;
                }
                long[] row = m[r];
                for (int j = col; j < width; j++) {
                    if (pivotRow[j] != 0) {
                        row[j] = Math.floorMod(row[j] - factor * pivotRow[j] % P, P);
                    }
                }
            }
            pivotColumnOfRow[rank] = col;
            isPivotColumn[col] = true;
            rank++;
        }
        boolean[] determined = new boolean[width];
        for (int r = 0; r < rank; r++) {
            boolean onlyPivot = true;
            for (int j = 0; j < width; j++) {
                if (j != pivotColumnOfRow[r] && m[r][j] != 0) {
                    onlyPivot = false;
                    break;
                }
            }
            if (onlyPivot) {
                determined[pivotColumnOfRow[r]] = true;
            }
        }
        return determined;
    }

    private static long inverse(long a) {
        long result = 1;
        long base = a % P;
        long e = P - 2;
        while (e > 0) {
            if ((e & 1) == 1) {
                result = result * base % P;
            }
            base = base * base % P;
            e >>= 1;
        }
        return result;
    }

    private static int find(int[] parent, int x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
