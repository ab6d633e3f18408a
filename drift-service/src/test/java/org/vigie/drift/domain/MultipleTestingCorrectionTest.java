package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class MultipleTestingCorrectionTest {

    private final JsonNode textbook = Fixtures.load("benjamini-hochberg.json");
    private final double[] p = Fixtures.doubles(textbook.get("pValues"));

    @Test
    void benjaminiHochbergRejectsFourOfTheFifteenPValuesOfTheOriginalPaper() {
        boolean[] rejected = MultipleTestingCorrection.BENJAMINI_HOCHBERG.reject(p, 0.05);
        assertThat(count(rejected)).isEqualTo(textbook.get("rejected").asInt());
        assertThat(rejected[0] && rejected[1] && rejected[2] && rejected[3]).isTrue();
        double[] adjusted = MultipleTestingCorrection.BENJAMINI_HOCHBERG.adjust(p);
        double[] scipy = Fixtures.doubles(textbook.get("adjusted"));
        for (int i = 0; i < p.length; i++) {
            assertThat(adjusted[i]).isCloseTo(scipy[i], within(1e-12));
        }
    }

    @Test
    void bonferroniAndHolmRejectThreeOnTheSameData() {
        assertThat(count(MultipleTestingCorrection.BONFERRONI.reject(p, 0.05))).isEqualTo(3);
        assertThat(count(MultipleTestingCorrection.HOLM.reject(p, 0.05))).isEqualTo(3);
        // Holm on (0.01, 0.04, 0.03, 0.005): adjusted 0.03, 0.06, 0.06, 0.02.
        assertThat(MultipleTestingCorrection.HOLM.adjust(new double[] {0.01, 0.04, 0.03, 0.005}))
                .containsExactly(new double[] {0.03, 0.06, 0.06, 0.02}, within(1e-12));
    }

    @Test
    void untestedHypothesesStayNaNAndDoNotCount() {
        double[] adjusted = MultipleTestingCorrection.BONFERRONI.adjust(new double[] {0.01, Double.NaN, 0.02});
        assertThat(adjusted[0]).isCloseTo(0.02, within(1e-15));
        assertThat(adjusted[1]).isNaN();
        assertThat(adjusted[2]).isCloseTo(0.04, within(1e-15));
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }
}
