package org.vigie.observatory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** Shared helpers for the suppression tests: true values by published position, attack checks. */
final class SuppressionFixtures {

    private SuppressionFixtures() {
    }

    /** The true value of every published position (row, column; last column = row total). */
    static long[][] truth(SuppressedTable exact) {
        int columns = exact.columnKeys().size();
        long[][] v = new long[exact.rows().size()][columns + 1];
        for (int r = 0; r < exact.rows().size(); r++) {
            SuppressedTable.Row row = exact.rows().get(r);
            for (int c = 0; c < columns; c++) {
                v[r][c] = row.cells().get(c).count();
            }
            v[r][columns] = row.total().count();
        }
        return v;
    }

    /** Asserts that no attack on this single answer reveals a count in 1..threshold−1. */
    static void assertNothingSmallRecoverable(CountTable table, SuppressedTable published, int threshold) {
        SuppressedTable exact = new SmallCellSuppression(threshold).apply(table, Disclosure.EXACT);
        TableAttacker attacker = new TableAttacker();
        attacker.addPublished(published, truth(exact));
        assertThat(attacker.disclosures(threshold)).as("disclosures").isEmpty();
    }

    /**
     * Asserts that an attacker holding both the unfiltered and the filtered answers learns no count
     * in 1..threshold−1 — neither a masked cell of either answer nor any part the filter removed.
     */
    static void assertNoDifferencingLeak(CountTable unfiltered, SuppressedTable unfilteredAnswer,
            CountTable filtered, SuppressedTable filteredAnswer, int threshold) {
        SmallCellSuppression exactView = new SmallCellSuppression(threshold);
        long[][] u = truth(exactView.apply(unfiltered, Disclosure.EXACT));
        long[][] f = truth(exactView.apply(filtered, Disclosure.EXACT));
        TableAttacker attacker = new TableAttacker();
        int[][] ui = attacker.addPublished(unfilteredAnswer, u);
        int[][] fi = attacker.addPublished(filteredAnswer, f);
        int columns = unfiltered.columnKeys().size();
        int width = columns > 1 ? columns + 1 : columns;
        for (int r = 0; r < u.length; r++) {
            for (int c = 0; c < width; c++) {
                long removed = u[r][c] - f[r][c];
                // A removed part of zero is taken as known to the attacker (the filter often says so).
                int ri = attacker.cell(removed, removed == 0);
                attacker.relate(ui[r][c], List.of(fi[r][c], ri));
            }
        }
        assertThat(attacker.disclosures(threshold)).as("disclosures across both answers").isEmpty();
    }

    static List<String> path(String... parts) {
        return List.of(parts);
    }
}
