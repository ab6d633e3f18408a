package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AreaUnderCurveTest {

    @Test
    void smallWindowAucEqualsTheBruteForcePairwiseCountIncludingTies() {
        SplittableRandom rnd = new SplittableRandom(4);
        double[] pos = new double[120];
        double[] neg = new double[150];
        LabelledScoreSummary s = new LabelledScoreSummary();
        for (int i = 0; i < pos.length; i++) {
            pos[i] = Math.round((0.2 + 0.8 * rnd.nextDouble()) * 20) / 20.0; // coarse grid forces ties
            s.update(pos[i], true);
        }
        for (int i = 0; i < neg.length; i++) {
            neg[i] = Math.round(0.8 * rnd.nextDouble() * 20) / 20.0;
            s.update(neg[i], false);
        }
        double pairs = 0;
        for (double p : pos) {
            for (double n : neg) {
                pairs += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }
        double bruteForce = pairs / (pos.length * neg.length);
        AucEstimate auc = AreaUnderCurve.of(s);
        assertThat(auc.exact()).isTrue();
        assertThat(auc.auc()).isCloseTo(bruteForce, within(1e-12));
        assertThat(AreaUnderCurve.exact(pos, neg)).isCloseTo(bruteForce, within(1e-12));
        var mannWhitney = org.apache.commons.statistics.inference.MannWhitneyUTest.withDefaults().statistic(pos, neg);
        assertThat(mannWhitney / (pos.length * neg.length)).isCloseTo(bruteForce, within(1e-12));
    }

    @Test
    void sketchedAucOfLargeWindowIsWithinOnePercentOfExact() {
        SplittableRandom rnd = new SplittableRandom(99);
        int n = 200_000;
        double[] pos = new double[n / 4];
        double[] neg = new double[n - n / 4];
        LabelledScoreSummary s = new LabelledScoreSummary();
        for (int i = 0; i < pos.length; i++) {
            pos[i] = 1 / (1 + Math.exp(-(1.2 + gaussian(rnd))));
            s.update(pos[i], true);
        }
        for (int i = 0; i < neg.length; i++) {
            neg[i] = 1 / (1 + Math.exp(-gaussian(rnd)));
            s.update(neg[i], false);
        }
        assertThat(AreaUnderCurve.of(s).auc()).isCloseTo(AreaUnderCurve.exact(pos, neg), within(0.01));
    }

    @Test
    void hanleyMcNeilStandardErrorOfThePaperExample() {
        // Hanley & McNeil (1982), Radiology 143:29, table example: A = 0.893, 51 abnormal, 58 normal, SE = 0.032.
        assertThat(AreaUnderCurve.hanleyMcNeilStandardError(0.893, 51, 58)).isCloseTo(0.032, within(0.001));
    }

    private static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}
