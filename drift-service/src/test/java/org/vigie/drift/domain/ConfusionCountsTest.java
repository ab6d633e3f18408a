package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfusionCountsTest {

    @Test
    void ratesFollowTheirDefinitions() {
        ConfusionCounts c = ConfusionCounts.of(90, 30, 870, 10);
        assertThat(c.sensitivity()).isEqualTo(0.9);
        assertThat(c.specificity()).isEqualTo(870.0 / 900);
        assertThat(c.positivePredictiveValue()).isEqualTo(0.75);
        assertThat(c.negativePredictiveValue()).isEqualTo(870.0 / 880);
        assertThat(c.falsePositiveRate()).isEqualTo(30.0 / 900);
        assertThat(c.total()).isEqualTo(1000);
    }

    @Test
    void recordMergeMinusAndRoundTrip() {
        ConfusionCounts a = new ConfusionCounts();
        a.record(true, true);
        a.record(true, false);
        a.record(false, false);
        a.record(false, true);
        a.record(false, true);
        assertThat(a).isEqualTo(ConfusionCounts.of(1, 1, 1, 2));
        ConfusionCounts total = ConfusionCounts.of(10, 10, 10, 10);
        total.merge(a);
        assertThat(total.minus(a)).isEqualTo(ConfusionCounts.of(10, 10, 10, 10));
        assertThat(ConfusionCounts.fromBytes(total.toBytes())).isEqualTo(total);
        assertThat(total.toBytes()).hasSize(ConfusionCounts.BYTES);
        assertThat(new ConfusionCounts().sensitivity()).isNaN();
    }
}
