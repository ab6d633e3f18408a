package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class BinomialIntervalTest {

    @Test
    void twoSidedIntervalsMatchScipyBinomtest() {
        JsonNode cases = Fixtures.load("binomial-intervals.json");
        assertThat(cases.size()).isGreaterThan(30);
        for (JsonNode c : cases) {
            long k = c.get("successes").asLong();
            long n = c.get("trials").asLong();
            double conf = c.get("confidence").asDouble();
            Interval w = BinomialInterval.WILSON.interval(k, n, conf);
            Interval cp = BinomialInterval.CLOPPER_PEARSON.interval(k, n, conf);
            assertThat(w.lower()).as("Wilson lower %d/%d @%s", k, n, conf).isCloseTo(c.get("wilsonLower").asDouble(), within(1e-9));
            assertThat(w.upper()).as("Wilson upper %d/%d @%s", k, n, conf).isCloseTo(c.get("wilsonUpper").asDouble(), within(1e-9));
            assertThat(cp.lower()).as("CP lower %d/%d @%s", k, n, conf).isCloseTo(c.get("clopperPearsonLower").asDouble(), within(1e-9));
            assertThat(cp.upper()).as("CP upper %d/%d @%s", k, n, conf).isCloseTo(c.get("clopperPearsonUpper").asDouble(), within(1e-9));
        }
    }

    @Test
    void clopperPearsonHasClosedFormsAtTheEdges() {
        // 0 of n: upper = 1 - (alpha/2)^(1/n); n of n: lower = (alpha/2)^(1/n).
        assertThat(BinomialInterval.CLOPPER_PEARSON.interval(0, 10, 0.95).upper()).isCloseTo(1 - Math.pow(0.025, 0.1), within(1e-12));
        assertThat(BinomialInterval.CLOPPER_PEARSON.interval(10, 10, 0.95).lower()).isCloseTo(Math.pow(0.025, 0.1), within(1e-12));
        // R: binom.test(682, 925) -> 0.7076683 0.7654066
        Interval mendel = BinomialInterval.CLOPPER_PEARSON.interval(682, 925, 0.95);
        assertThat(mendel.lower()).isCloseTo(0.7076683, within(1e-7));
        assertThat(mendel.upper()).isCloseTo(0.7654066, within(1e-7));
    }

    @Test
    void oneSidedBoundIsTheTwoSidedBoundAtTwiceTheTailProbability() {
        double upper95 = BinomialInterval.WILSON.upperBound(90, 100, 0.95);
        assertThat(upper95).isCloseTo(BinomialInterval.WILSON.interval(90, 100, 0.90).upper(), within(1e-12));
        assertThat(BinomialInterval.WILSON.upperBound(0, 0, 0.95)).isEqualTo(1.0);
        assertThat(BinomialInterval.WILSON.lowerBound(0, 0, 0.95)).isEqualTo(0.0);
    }
}
