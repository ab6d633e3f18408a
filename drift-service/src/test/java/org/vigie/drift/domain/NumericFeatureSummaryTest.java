package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Plain JUnit, no Quarkus: moments, merge, byte round-trip and bounded state of a numeric summary. */
class NumericFeatureSummaryTest {

    @Test
    void momentsMatchATwoPassComputation() {
        double[] x = {2.5, -1.0, 4.0, 4.0, 10.25, 0.0, 3.5};
        NumericFeatureSummary s = new NumericFeatureSummary();
        for (double v : x) {
            s.update(v);
        }
        double mean = Arrays.stream(x).average().orElseThrow();
        double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / (x.length - 1);
        assertThat(s.count()).isEqualTo(7);
        assertThat(s.mean()).isCloseTo(mean, within(1e-12));
        assertThat(s.variance()).isCloseTo(var, within(1e-12));
        assertThat(s.quantile(0.5)).isEqualTo(3.5);
        assertThat(s.rankErrorBound()).isZero();
    }

    @Test
    void nonFiniteValuesAreCountedAsMissingNotSketched() {
        NumericFeatureSummary s = new NumericFeatureSummary();
        s.update(1.0);
        s.update(Double.NaN);
        s.update(Double.POSITIVE_INFINITY);
        assertThat(s.count()).isEqualTo(1);
        assertThat(s.missingCount()).isEqualTo(2);
    }

    @Test
    void mergeOfTwoHalvesEqualsTheWhole() {
        SplittableRandom rnd = new SplittableRandom(7);
        NumericFeatureSummary a = new NumericFeatureSummary();
        NumericFeatureSummary b = new NumericFeatureSummary();
        NumericFeatureSummary whole = new NumericFeatureSummary();
        for (int i = 0; i < 50_000; i++) {
            double v = i < 20_000 ? rnd.nextDouble() * 3 : 5 + rnd.nextDouble();
            (i < 20_000 ? a : b).update(v);
            whole.update(v);
        }
        a.merge(b);
        assertThat(a.count()).isEqualTo(whole.count());
        assertThat(a.mean()).isCloseTo(whole.mean(), within(1e-9));
        assertThat(a.variance()).isCloseTo(whole.variance(), within(1e-9));
        assertThat(a.quantile(0.2)).isCloseTo(1.5, within(0.1));
        assertThat(a.quantile(0.7)).isCloseTo(5.5, within(0.05));
    }

    @Test
    void bytesRoundTripPreservesEverything() {
        NumericFeatureSummary s = new NumericFeatureSummary();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 10_000; i++) {
            s.update(rnd.nextDouble());
        }
        s.update(Double.NaN);
        NumericFeatureSummary copy = NumericFeatureSummary.fromBytes(s.toBytes());
        assertThat(copy.count()).isEqualTo(s.count());
        assertThat(copy.missingCount()).isEqualTo(1);
        assertThat(copy.mean()).isEqualTo(s.mean());
        assertThat(copy.variance()).isEqualTo(s.variance());
        assertThat(copy.quantile(0.9)).isEqualTo(s.quantile(0.9));
        assertThat(copy.toBytes()).isEqualTo(s.toBytes());
    }

    @Test
    void stateStaysUnder16KilobytesAfterAMillionUpdates() {
        NumericFeatureSummary s = new NumericFeatureSummary();
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 1_000_000; i++) {
            s.update(rnd.nextDouble() * 100);
        }
        assertThat(s.toBytes().length).isLessThanOrEqualTo(16 * 1024);
        assertThat(s.count()).isEqualTo(1_000_000);
        assertThat(s.quantile(0.5)).isCloseTo(50, within(100 * s.rankErrorBound()));
        assertThat(s.rankErrorBound()).isBetween(0.005, 0.02);
    }

    @Test
    void emptySummaryRoundTrips() {
        NumericFeatureSummary copy = NumericFeatureSummary.fromBytes(new NumericFeatureSummary().toBytes());
        assertThat(copy.count()).isZero();
        assertThat(copy.mean()).isNaN();
    }
}
