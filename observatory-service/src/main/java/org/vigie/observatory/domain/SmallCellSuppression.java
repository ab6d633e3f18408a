package org.vigie.observatory.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Small-cell suppression of the observatory's published tables (French rule: counts from 1 to 10
 * are masked — "effectifs inférieurs à 11"; zero may be shown).
 *
 * <h2>What is protected</h2>
 * <ul>
 *   <li><b>Primary suppression.</b> Every count in 1..threshold−1 — detail cells, subtotals, row
 *       and column totals and the grand total alike — is masked. Marginals are counts too.</li>
 *   <li><b>Secondary suppression.</b> A masked count must not be recomputable from what is shown:
 *       not by "total minus the other cells" in a row, a column or a hierarchy level, and not by
 *       any longer chain of such subtractions (the exact linear attack is checked, see
 *       {@link ExactRecomputation}). In any sum whose total is known, the masked parts together
 *       must not add up to 1..threshold−1 either. While either happens, the next-smallest non-zero
 *       count of the offending row or column is masked too, to a fixed point across rows, columns
 *       and levels.</li>
 *   <li><b>Differencing between queries.</b> Two answers with overlapping filters differ by the
 *       group the narrower filter removed; if that group is small, subtracting the answers singles
 *       it out. Two rules close this:
 *       <ol>
 *         <li>Consistency: the suppression pattern is a deterministic function of the table, so
 *             every query over the same cells masks the same cells; a cell masked in one answer
 *             is never shown in another.</li>
 *         <li>Complementary suppression of filtered answers ({@link #suppressFiltered}): the
 *             filtered answer is protected <em>together with</em> the unfiltered one an attacker can
 *             also request. The removed part (unfiltered − filtered, cell by cell and for every
 *             total) is a hidden count: it must not be recomputable when it is small, nor may the
 *             masked cells of the unfiltered answer become recomputable through the filtered one.
 *             Only cells of the filtered answer are masked to achieve this — typically its totals
 *             when the filter removed a small group.</li>
 *       </ol>
 *       Scope: this protects each filtered answer against the unfiltered one. Two different narrow
 *       filters compared with each other are only covered when the API builds them as slices of one
 *       table (for example by grouping by the filtered dimension and protecting that table once),
 *       which is what the observatory API does for equality filters.</li>
 * </ul>
 *
 * <p>What is not claimed: interval (bounds) disclosure beyond the "masked parts of a line add up
 * to at least the threshold" rule — an attacker using non-negativity may still bound a masked cell,
 * as with every cell-suppression method that is not backed by a linear program (τ-ARGUS
 * "protection levels").
 */
public final class SmallCellSuppression {

    /** French threshold: counts below 11 are masked. */
    public static final int DEFAULT_THRESHOLD = 11;

    private final int threshold;

    public SmallCellSuppression() {
        this(DEFAULT_THRESHOLD);
    }

    public SmallCellSuppression(int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1 (1 disables suppression), got " + threshold);
        }
        this.threshold = threshold;
    }

    public int threshold() {
        return threshold;
    }

    /** The table as a caller with this disclosure may see it. */
    public SuppressedTable apply(CountTable table, Disclosure disclosure) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(disclosure, "disclosure");
        TableLayout layout = new TableLayout(table);
        if (disclosure == Disclosure.EXACT) {
            return publish(table, layout, new boolean[layout.cellCount()], disclosure);
        }
        AdditiveCells cells = protect(layout);
        return publish(table, layout, maskOf(cells, 0, layout.cellCount()), disclosure);
    }

    /**
     * A nested table (e.g. region → site) protected <em>consistently with the answers for its upper levels</em>:
     * its subtotals and total are exactly the cells of the table grouped by the parent dimension (the region
     * answer), which another query publishes with its own pattern. Protecting the nested table on its own could
     * mask different subtotals than the parent answer does, and the two answers together would then give a small
     * cell back (the parent answer's total minus a region shown only here). So the upper levels are pinned to the
     * parent answer's pattern (recursively, level by level): what it shows is known to the attacker, what it masks
     * stays masked, and only the detail rows are searched for complementary suppression — with every relation,
     * the parent's included, in the exact linear attack.
     */
    public SuppressedTable applyHierarchy(CountTable table, Disclosure disclosure) {
        Objects.requireNonNull(table, "table");
        if (disclosure == Disclosure.EXACT || table.depth() == 1 || table.paths().isEmpty()) {
            return apply(table, disclosure);
        }
        SuppressedTable parentAnswer = applyHierarchy(parentOf(table), disclosure);
        TableLayout layout = new TableLayout(table);
        boolean[] pinnedMask = new boolean[layout.cellCount()];
        AdditiveCells cells = new AdditiveCells(layout.cellCount(), threshold);
        for (int r = 0; r < layout.rows.size(); r++) {
            TableLayout.Row row = layout.rows.get(r);
            SuppressedTable.Row upper = row.kind() == SuppressedTable.RowKind.DETAIL ? null
                    : parentAnswer.row(row.path()).orElseThrow(() -> new IllegalStateException("no parent row " + row.path()));
            for (int c = 0; c < layout.width; c++) {
                int cell = layout.cell(r, c);
                if (upper == null) {
                    cells.set(cell, layout.values[cell], AdditiveCells.Role.CANDIDATE);
                } else {
                    PublishedCount published = c < layout.columns ? upper.cells().get(c) : upper.total();
                    pinnedMask[cell] = published.suppressed();
                    cells.set(cell, layout.values[cell],
                            published.suppressed() ? AdditiveCells.Role.HIDDEN : AdditiveCells.Role.KNOWN);
                }
            }
        }
        layout.forEachRelation(cells::relate);
        cells.protect();
        boolean[] mask = new boolean[layout.cellCount()];
        for (int cell = 0; cell < mask.length; cell++) {
            mask[cell] = pinnedMask[cell] || cells.isMasked(cell);
        }
        return publish(table, layout, mask, disclosure);
    }

    /** The same counts one level up: each detail path cut by its last element, counts added. */
    private static CountTable parentOf(CountTable table) {
        java.util.Map<List<String>, long[]> sums = new java.util.LinkedHashMap<>();
        int columns = table.columnKeys().size();
        for (int i = 0; i < table.paths().size(); i++) {
            List<String> path = table.paths().get(i);
            long[] sum = sums.computeIfAbsent(path.subList(0, path.size() - 1), p -> new long[columns]);
            for (int c = 0; c < columns; c++) {
                sum[c] += table.count(i, c);
            }
        }
        CountTable.Builder builder = CountTable.nested(table.columnKeys());
        sums.forEach(builder::row);
        return builder.build();
    }

    /**
     * A filtered answer, protected against differencing with the unfiltered one.
     *
     * @param unfiltered the same grouping without the filter (what another query would return)
     * @param filtered   the filtered counts, with exactly the same rows and columns; rows the filter
     *                   excludes are present with zero counts (the caller may drop all-zero rows
     *                   from the answer afterwards — zeros are public)
     */
    public SuppressedTable suppressFiltered(CountTable unfiltered, CountTable filtered, Disclosure disclosure) {
        Objects.requireNonNull(unfiltered, "unfiltered");
        Objects.requireNonNull(filtered, "filtered");
        if (!unfiltered.sameShapeAs(filtered)) {
            throw new IllegalArgumentException("the filtered table must have the same rows and columns as the unfiltered one");
        }
        TableLayout all = new TableLayout(unfiltered);
        TableLayout kept = new TableLayout(filtered);
        int n = all.cellCount();
        for (int cell = 0; cell < n; cell++) {
            if (kept.values[cell] > all.values[cell]) {
                throw new IllegalArgumentException("a filtered count exceeds its unfiltered count");
            }
        }
        if (disclosure == Disclosure.EXACT) {
            return publish(filtered, kept, new boolean[n], disclosure);
        }
        // The unfiltered answer is what another query publishes; its pattern is fixed.
        AdditiveCells unfilteredAnswer = protect(all);

        // Cells 0..n-1: unfiltered (U); n..2n-1: filtered (F, ours to mask); 2n..3n-1: removed (R = U - F).
        AdditiveCells joint = new AdditiveCells(3 * n, threshold);
        for (int cell = 0; cell < n; cell++) {
            joint.set(cell, all.values[cell],
                    unfilteredAnswer.isMasked(cell) ? AdditiveCells.Role.HIDDEN : AdditiveCells.Role.KNOWN);
            joint.set(n + cell, kept.values[cell], AdditiveCells.Role.CANDIDATE);
            joint.set(2 * n + cell, all.values[cell] - kept.values[cell], AdditiveCells.Role.HIDDEN);
            joint.relate(cell, List.of(n + cell, 2 * n + cell));
        }
        for (int offset : new int[] {0, n, 2 * n}) {
            all.forEachRelation((total, parts) -> {
                List<Integer> shifted = new ArrayList<>(parts.size());
                for (int p : parts) {
                    shifted.add(p + offset);
                }
                joint.relate(total + offset, shifted);
            });
        }
        joint.protect();
        return publish(filtered, kept, maskOf(joint, n, n), disclosure);
    }

    private AdditiveCells protect(TableLayout layout) {
        AdditiveCells cells = new AdditiveCells(layout.cellCount(), threshold);
        for (int cell = 0; cell < layout.cellCount(); cell++) {
            cells.set(cell, layout.values[cell], AdditiveCells.Role.CANDIDATE);
        }
        layout.forEachRelation(cells::relate);
        cells.protect();
        return cells;
    }

    private static boolean[] maskOf(AdditiveCells cells, int from, int length) {
        boolean[] mask = new boolean[length];
        for (int i = 0; i < length; i++) {
            mask[i] = cells.isMasked(from + i);
        }
        return mask;
    }

    private SuppressedTable publish(CountTable table, TableLayout layout, boolean[] mask, Disclosure disclosure) {
        List<SuppressedTable.Row> rows = new ArrayList<>(layout.rows.size());
        for (int r = 0; r < layout.rows.size(); r++) {
            TableLayout.Row row = layout.rows.get(r);
            List<PublishedCount> cells = new ArrayList<>(layout.columns);
            for (int c = 0; c < layout.columns; c++) {
                cells.add(published(layout, mask, layout.cell(r, c)));
            }
            PublishedCount total = layout.width > layout.columns
                    ? published(layout, mask, layout.cell(r, layout.columns))
                    : cells.get(0);
            rows.add(new SuppressedTable.Row(row.path(), row.kind(), cells, total));
        }
        return new SuppressedTable(disclosure, threshold, table.columnKeys(), rows);
    }

    private static PublishedCount published(TableLayout layout, boolean[] mask, int cell) {
        return mask[cell] ? PublishedCount.suppressedCount() : PublishedCount.shown(layout.values[cell]);
    }
}
