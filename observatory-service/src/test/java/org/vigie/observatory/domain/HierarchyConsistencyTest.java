package org.vigie.observatory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Plain JUnit: a nested table's upper levels carry exactly the parent answer's pattern. */
class HierarchyConsistencyTest {

    private final SmallCellSuppression suppression = new SmallCellSuppression();

    @Test
    void aSiteTableMasksTheSameRegionsAsTheRegionTableAndHidesTheOnlySiteOfAMaskedRegion() {
        CountTable sites = CountTable.nested(List.of("count"))
                .row(List.of("r-a", "a1"), 5).row(List.of("r-b", "b1"), 40).row(List.of("r-b", "b2"), 30)
                .row(List.of("r-c", "c1"), 25).row(List.of("r-d", "d1"), 60).build();
        SuppressedTable regions = suppression.apply(CountTable.oneWay(List.of("r-a", "r-b", "r-c", "r-d"),
                new long[] {5, 70, 25, 60}), Disclosure.SUPPRESSED);
        SuppressedTable nested = suppression.applyHierarchy(sites, Disclosure.SUPPRESSED);

        for (String region : List.of("r-a", "r-b", "r-c", "r-d")) {
            assertThat(nested.row(List.of(region)).orElseThrow().total())
                    .isEqualTo(regions.row(List.of(region)).orElseThrow().total());
        }
        assertThat(nested.grandTotal()).isEqualTo(regions.grandTotal());
        assertThat(regions.row(List.of("r-c")).orElseThrow().total().suppressed()).isTrue();
        // c1 is the whole of r-c: showing it would give r-c, then r-a = total - r-b - r-c - r-d.
        assertThat(nested.cell(List.of("r-c", "c1"), "count").suppressed()).isTrue();
    }

    @Test
    void threeLevelsArePinnedLevelByLevelAndNoSmallCountIsShown() {
        Random random = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            CountTable.Builder builder = CountTable.nested(List.of("count"));
            for (int m = 0; m < 3; m++) {
                for (int d = 0; d < 1 + random.nextInt(3); d++) {
                    for (int v = 0; v < 1 + random.nextInt(3); v++) {
                        builder.row(List.of("m" + m, "d" + d, "v" + v), random.nextInt(4) == 0 ? 1 + random.nextInt(10)
                                : random.nextInt(60));
                    }
                }
            }
            CountTable table = builder.build();
            SuppressedTable nested = suppression.applyHierarchy(table, Disclosure.SUPPRESSED);
            for (SuppressedTable.Row row : nested.rows()) {
                row.cells().forEach(c -> assertThat(c.value().orElse(0)).satisfiesAnyOf(
                        v -> assertThat(v).isZero(), v -> assertThat(v).isGreaterThanOrEqualTo(11)));
            }
        }
    }
}
