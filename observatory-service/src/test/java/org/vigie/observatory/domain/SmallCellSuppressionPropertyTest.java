package org.vigie.observatory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigie.observatory.domain.SuppressionFixtures.assertNoDifferencingLeak;
import static org.vigie.observatory.domain.SuppressionFixtures.assertNothingSmallRecoverable;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: for thousands of random tables (flat, two-way, region → site) and random filtered
 * pairs, nothing a suppressed answer publishes — a cell, a total minus the other shown cells of a
 * row or column, any longer combination, or the difference between two overlapping queries —
 * reveals a count in 1..threshold−1. Hand-written generator, fixed seeds: a failure replays.
 */
class SmallCellSuppressionPropertyTest {

    @Test
    void noSingleAnswerRevealsASmallCount() {
        for (long seed = 1; seed <= 3_000; seed++) {
            Random random = new Random(seed);
            int threshold = random.nextInt(4) == 0 ? 2 + random.nextInt(19) : SmallCellSuppression.DEFAULT_THRESHOLD;
            CountTable table = randomTable(random, threshold);
            SuppressedTable out = new SmallCellSuppression(threshold).apply(table, Disclosure.SUPPRESSED);
            try {
                assertNothingSmallRecoverable(table, out, threshold);
                assertNoShownCountIsSmall(out, threshold);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", threshold " + threshold + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void noPairOfOverlappingQueriesRevealsASmallCount() {
        for (long seed = 10_001; seed <= 11_500; seed++) {
            Random random = new Random(seed);
            int threshold = SmallCellSuppression.DEFAULT_THRESHOLD;
            CountTable all = randomTable(random, threshold);
            CountTable filtered = randomFilter(random, all, threshold);
            SmallCellSuppression suppression = new SmallCellSuppression(threshold);
            SuppressedTable unfilteredAnswer = suppression.apply(all, Disclosure.SUPPRESSED);
            SuppressedTable filteredAnswer = suppression.suppressFiltered(all, filtered, Disclosure.SUPPRESSED);
            try {
                assertNoShownCountIsSmall(filteredAnswer, threshold);
                assertNoDifferencingLeak(all, unfilteredAnswer, filtered, filteredAnswer, threshold);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void exactDisclosureShowsEveryCount() {
        for (long seed = 20_001; seed <= 20_200; seed++) {
            Random random = new Random(seed);
            SuppressedTable out = new SmallCellSuppression().apply(randomTable(random, 11), Disclosure.EXACT);
            assertThat(out.suppressedCount()).isZero();
        }
    }

    private static void assertNoShownCountIsSmall(SuppressedTable out, int threshold) {
        for (SuppressedTable.Row row : out.rows()) {
            List<PublishedCount> all = new ArrayList<>(row.cells());
            all.add(row.total());
            for (PublishedCount c : all) {
                if (!c.suppressed()) {
                    assertThat(c.count() >= 1 && c.count() < threshold).as("shown count %s in %s", c.count(), row.path()).isFalse();
                }
            }
        }
    }

    /** Flat, two-way or region → site, with zeros, small counts (often near the threshold) and large ones. */
    static CountTable randomTable(Random random, int threshold) {
        int shape = random.nextInt(3);
        int columns = shape == 0 ? 1 : 1 + random.nextInt(5);
        List<String> columnKeys = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            columnKeys.add(columns == 1 ? CountTable.SINGLE_COLUMN : "c" + c);
        }
        CountTable.Builder builder = CountTable.nested(columnKeys);
        if (shape < 2) {
            int rows = 1 + random.nextInt(7);
            for (int r = 0; r < rows; r++) {
                builder.row(List.of("r" + r), randomCounts(random, columns, threshold));
            }
        } else {
            int regions = 1 + random.nextInt(4);
            for (int g = 0; g < regions; g++) {
                int sites = 1 + random.nextInt(4);
                for (int s = 0; s < sites; s++) {
                    builder.row(List.of("region" + g, "site" + s), randomCounts(random, columns, threshold));
                }
            }
        }
        return builder.build();
    }

    private static long[] randomCounts(Random random, int columns, int threshold) {
        long[] counts = new long[columns];
        for (int c = 0; c < columns; c++) {
            int kind = random.nextInt(20);
            if (kind < 5) {
                counts[c] = 0;
            } else if (kind < 12) {
                counts[c] = 1 + random.nextInt(Math.max(1, threshold - 1));
            } else if (kind < 15) {
                counts[c] = threshold + random.nextInt(5);
            } else {
                counts[c] = threshold + random.nextInt(300);
            }
        }
        return counts;
    }

    /** A filter: some rows dropped entirely, and in kept rows a removed share that is often small. */
    private static CountTable randomFilter(Random random, CountTable all, int threshold) {
        CountTable.Builder builder = CountTable.nested(all.columnKeys());
        int columns = all.columnKeys().size();
        for (int r = 0; r < all.paths().size(); r++) {
            boolean dropRow = random.nextInt(5) == 0;
            long[] counts = new long[columns];
            for (int c = 0; c < columns; c++) {
                long u = all.count(r, c);
                long removed;
                if (dropRow) {
                    removed = u;
                } else {
                    int kind = random.nextInt(3);
                    removed = kind == 0 ? 0 : kind == 1 ? Math.min(u, 1 + random.nextInt(threshold - 1)) : (long) (u * random.nextDouble());
                }
                counts[c] = u - removed;
            }
            builder.row(all.paths().get(r), counts);
        }
        return builder.build();
    }
}
