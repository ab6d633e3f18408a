package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CategoricalSummaryTest {

    @Test
    void countsMergeAndRoundTrip() {
        CategoricalSummary a = new CategoricalSummary();
        CategoricalSummary b = new CategoricalSummary();
        a.update("F");
        a.update("M");
        a.update("F");
        b.update("M");
        b.update(null);
        a.merge(b);
        assertThat(a.counts()).isEqualTo(Map.of("F", 2L, "M", 2L, CategoricalSummary.MISSING, 1L));
        assertThat(a.count()).isEqualTo(5);
        CategoricalSummary copy = CategoricalSummary.fromBytes(a.toBytes());
        assertThat(copy.counts()).isEqualTo(a.counts());
        assertThat(copy.count()).isEqualTo(5);
    }

    @Test
    void categoriesBeyondTheCapAreCountedAsOther() {
        CategoricalSummary s = new CategoricalSummary(4);
        for (String c : new String[] {"a", "b", "c", "d", "e", "a"}) {
            s.update(c);
        }
        assertThat(s.counts()).containsEntry("a", 2L).containsEntry(CategoricalSummary.OTHER, 2L).hasSize(4);
        assertThat(s.count()).isEqualTo(6);
    }

    @Test
    void stateStaysUnder16KilobytesAfterAMillionUpdates() {
        CategoricalSummary s = new CategoricalSummary();
        SplittableRandom rnd = new SplittableRandom(5);
        String[] names = new String[500];
        for (int i = 0; i < names.length; i++) {
            names[i] = "category-with-a-fairly-long-name-" + i;
        }
        for (int i = 0; i < 1_000_000; i++) {
            s.update(names[rnd.nextInt(names.length)]);
        }
        assertThat(s.toBytes().length).isLessThanOrEqualTo(16 * 1024);
        assertThat(s.count()).isEqualTo(1_000_000);
    }
}
