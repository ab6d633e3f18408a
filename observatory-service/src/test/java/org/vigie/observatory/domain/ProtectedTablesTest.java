package org.vigie.observatory.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Plain JUnit: day tables protected from memory are exactly the tables protected afresh. */
class ProtectedTablesTest {

    private static final Instant MON = Instant.parse("2025-06-02T00:00:00Z");

    @Test
    void rememberedProtectionEqualsFreshProtectionForEveryTable() {
        ProtectedTables memo = new ProtectedTables(8);
        DailyPublication fresh = new DailyPublication(new SmallCellSuppression(), Disclosure.SUPPRESSED);
        DailyPublication remembered = new DailyPublication(new SmallCellSuppression(), Disclosure.SUPPRESSED, memo);
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            // Few distinct tables, asked again and again, in both layouts (flat and nested under a parent).
            int seed = random.nextInt(12);
            Random table = new Random(seed);
            Map<List<String>, long[]> cells = new java.util.HashMap<>();
            for (int i = 0; i < 6; i++) {
                List<String> path = seed % 2 == 0 ? List.of("r" + i) : List.of("r" + (i % 2), "s" + i);
                cells.put(path, new long[] {table.nextInt(30), table.nextInt(30)});
            }
            Map<Instant, Map<List<String>, long[]>> day = Map.of(MON, cells);
            assertThat(remembered.protect(List.of("a", "b"), day)).isEqualTo(fresh.protect(List.of("a", "b"), day));
            Map<Instant, Map<List<String>, long[]>> part = Map.of(MON, Map.of(cells.keySet().iterator().next(), new long[] {0, 0}));
            assertThat(remembered.protectSubset(List.of("a", "b"), part, day)).isEqualTo(fresh.protectSubset(List.of("a", "b"), part, day));
        }
    }

    @Test
    void tablesWithDifferentCountsAreDifferentKeys() {
        CountTable a = CountTable.oneWay(List.of("x", "y"), new long[] {5, 40});
        CountTable b = CountTable.oneWay(List.of("x", "y"), new long[] {15, 40});
        assertThat(a).isEqualTo(CountTable.oneWay(List.of("x", "y"), new long[] {5, 40})).isNotEqualTo(b);
        ProtectedTables memo = new ProtectedTables(4);
        SmallCellSuppression rule = new SmallCellSuppression();
        SuppressedTable first = memo.protect(new ProtectedTables.Key(11, Disclosure.SUPPRESSED, a, null),
                () -> rule.apply(a, Disclosure.SUPPRESSED));
        SuppressedTable second = memo.protect(new ProtectedTables.Key(11, Disclosure.SUPPRESSED, b, null),
                () -> rule.apply(b, Disclosure.SUPPRESSED));
        assertThat(first).isNotEqualTo(second).isEqualTo(rule.apply(a, Disclosure.SUPPRESSED));
    }
}
