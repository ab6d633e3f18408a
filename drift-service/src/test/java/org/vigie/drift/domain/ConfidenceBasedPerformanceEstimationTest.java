package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConfidenceBasedPerformanceEstimationTest {

    @Test
    void expectedCountsOfAHandWorkedExample() {
        var cbpe = new ConfidenceBasedPerformanceEstimation(0.5);
        for (double s : new double[] {0.9, 0.8, 0.3, 0.1}) {
            cbpe.update(s);
        }
        var e = cbpe.estimate(0.95);
        assertThat(e.expectedTruePositives()).isCloseTo(1.7, within(1e-12));
        assertThat(e.expectedFalsePositives()).isCloseTo(0.3, within(1e-12));
        assertThat(e.expectedFalseNegatives()).isCloseTo(0.4, within(1e-12));
        assertThat(e.expectedTrueNegatives()).isCloseTo(1.6, within(1e-12));
        assertThat(e.sensitivity()).isCloseTo(1.7 / 2.1, within(1e-12));
        assertThat(e.specificity()).isCloseTo(1.6 / 1.9, within(1e-12));
        assertThat(e.assumptions()).contains("calibrated").contains("Estimate");
    }

    @Test
    void intervalCoversTheRealisedSensitivityAtAboutTheNominalRate() {
        int covered = 0;
        int seeds = 200;
        for (int seed = 0; seed < seeds; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            var cbpe = new ConfidenceBasedPerformanceEstimation(0.5);
            ConfusionCounts truth = new ConfusionCounts();
            for (int i = 0; i < 2_000; i++) {
                double s = Math.pow(rnd.nextDouble(), 2); // skewed towards negatives, still calibrated
                boolean positive = rnd.nextDouble() < s;
                cbpe.update(s);
                truth.record(s >= 0.5, positive);
            }
            if (cbpe.estimate(0.95).sensitivityInterval().contains(truth.sensitivity())) {
                covered++;
            }
        }
        assertThat(covered).isBetween(180, 200);
    }

    @Test
    void mergeAndRoundTrip() {
        var a = new ConfidenceBasedPerformanceEstimation(0.3);
        var b = new ConfidenceBasedPerformanceEstimation(0.3);
        a.update(0.9);
        a.update(0.2);
        b.update(0.4);
        a.merge(b);
        var copy = ConfidenceBasedPerformanceEstimation.fromBytes(a.toBytes());
        assertThat(copy.count()).isEqualTo(3);
        assertThat(copy.estimate(0.9)).isEqualTo(a.estimate(0.9));
        assertThat(a.toBytes()).hasSize(ConfidenceBasedPerformanceEstimation.BYTES);
    }
}
