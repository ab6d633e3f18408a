package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ProportionComparisonTest {

    @Test
    void zTestAndFisherMatchTheFixture() {
        for (JsonNode c : Fixtures.load("two-proportions.json")) {
            long x1 = c.get("x1").asLong();
            long n1 = c.get("n1").asLong();
            long x2 = c.get("x2").asLong();
            long n2 = c.get("n2").asLong();
            ProportionComparison r = ProportionComparison.compare(x1, n1, x2, n2);
            if (r.method() == ProportionComparison.Method.POOLED_Z_TEST) {
                assertThat(r.statistic()).isCloseTo(c.get("z").asDouble(), within(1e-9));
                assertThat(r.pValue()).isCloseTo(c.get("zPValue").asDouble(), within(1e-12));
            } else {
                assertThat(r.pValue()).isCloseTo(c.get("fisherPValue").asDouble(), within(1e-9));
            }
        }
    }

    @Test
    void smallCountsGoToFisherExact() {
        // Fisher's tea-tasting table 3/4 vs 1/4: two-sided p = 0.4857
        ProportionComparison tea = ProportionComparison.compare(3, 4, 1, 4);
        assertThat(tea.method()).isEqualTo(ProportionComparison.Method.FISHER_EXACT);
        assertThat(tea.pValue()).isCloseTo(0.4857142857, within(1e-9));
        assertThat(ProportionComparison.compare(240, 300, 828, 900).method()).isEqualTo(ProportionComparison.Method.POOLED_Z_TEST);
    }
}
