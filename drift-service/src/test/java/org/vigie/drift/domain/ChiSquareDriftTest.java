package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChiSquareDriftTest {

    @Test
    void homogeneityMatchesScipyChi2Contingency() {
        for (JsonNode c : Fixtures.load("chi-square.json")) {
            long[] w = Fixtures.longs(c.get("window"));
            long[] r = Fixtures.longs(c.get("reference"));
            CategoricalSummary window = new CategoricalSummary();
            Map<String, Long> referenceCounts = new LinkedHashMap<>();
            for (int i = 0; i < w.length; i++) {
                for (long k = 0; k < w[i]; k++) {
                    window.update("c" + i);
                }
                referenceCounts.put("c" + i, r[i]);
            }
            DriftTestResult result = ChiSquareDrift.test(window, CategoricalReference.fromCounts(referenceCounts));
            assertThat(result.statistic()).isCloseTo(c.get("statistic").asDouble(), within(1e-9));
            assertThat(result.pValue()).isCloseTo(c.get("pValue").asDouble(), within(1e-9));
            long n = window.count() + referenceCounts.values().stream().mapToLong(Long::longValue).sum();
            assertThat(result.effectSize()).isCloseTo(Math.sqrt(result.statistic() / n), within(1e-12));
        }
    }

    @Test
    void goodnessOfFitWhenTheReferenceIsExact() {
        CategoricalSummary window = new CategoricalSummary();
        for (int i = 0; i < 30; i++) {
            window.update("x");
        }
        for (int i = 0; i < 70; i++) {
            window.update("y");
        }
        DriftTestResult r = ChiSquareDrift.test(window, CategoricalReference.fromProportions(Map.of("x", 0.5, "y", 0.5), 0));
        // (30-50)^2/50 + (70-50)^2/50 = 16, df 1, p = 6.334e-5 (chi2.sf(16, 1)).
        assertThat(r.statistic()).isCloseTo(16.0, within(1e-12));
        assertThat(r.pValue()).isCloseTo(6.334248366623996e-05, within(1e-12));
        assertThat(r.referenceSize()).isZero();
    }
}
