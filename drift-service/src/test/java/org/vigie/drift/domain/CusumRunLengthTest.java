package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Markov-chain ARL against Monte-Carlo simulation of the same chart. */
class CusumRunLengthTest {

    @Test
    void inControlArlMatchesSimulation() {
        double h = CusumRunLength.thresholdFor(0.10, 0.20, 500);
        assertThat(CusumRunLength.averageRunLength(0.10, 0.20, h, 0.10)).isCloseTo(500, within(5.0));
        double simulated = simulateUpperArl(0.10, 0.20, h, 0.10, 4000, new SplittableRandom(1));
        assertThat(simulated).isCloseTo(500, within(500 * 0.06));
    }

    @Test
    void outOfControlArlMatchesSimulation() {
        double h = CusumRunLength.thresholdFor(0.05, 0.10, 10_000);
        double chain = CusumRunLength.averageRunLength(0.05, 0.10, h, 0.10);
        double simulated = simulateUpperArl(0.05, 0.10, h, 0.10, 3000, new SplittableRandom(2));
        assertThat(simulated).isCloseTo(chain, within(chain * 0.06));
        assertThat(chain).isLessThan(600);
    }

    @Test
    void lowerSideArlMatchesSimulation() {
        double h = CusumRunLength.thresholdFor(0.20, 0.10, 400);
        double simulated = simulateLowerArl(0.20, 0.10, h, 0.20, 4000, new SplittableRandom(3));
        assertThat(simulated).isCloseTo(400, within(400 * 0.06));
    }

    @Test
    void thresholdGrowsWithTheTargetArl() {
        double h3 = CusumRunLength.thresholdFor(0.1, 0.15, 1e3);
        double h5 = CusumRunLength.thresholdFor(0.1, 0.15, 1e5);
        double h8 = CusumRunLength.thresholdFor(0.1, 0.15, 1e8);
        assertThat(h3).isLessThan(h5);
        assertThat(h5).isLessThan(h8);
        // ARL grows roughly like e^h (Siegmund): the threshold for 1e8 is about ln(1e5) above 1e3's.
        assertThat(h8 - h3).isCloseTo(Math.log(1e5), within(1.5));
    }

    private static double simulateUpperArl(double p0, double p1, double h, double p, int runs, SplittableRandom rnd) {
        double up = Math.log(p1 / p0);
        double down = Math.log((1 - p1) / (1 - p0));
        long total = 0;
        for (int r = 0; r < runs; r++) {
            double s = 0;
            long t = 0;
            do {
                t++;
                s = Math.max(0, s + (rnd.nextDouble() < p ? up : down));
            } while (s < h);
            total += t;
        }
        return (double) total / runs;
    }

    private static double simulateLowerArl(double p0, double p1, double h, double p, int runs, SplittableRandom rnd) {
        double onEvent = Math.log(p1 / p0);
        double onNonEvent = Math.log((1 - p1) / (1 - p0));
        long total = 0;
        for (int r = 0; r < runs; r++) {
            double s = 0;
            long t = 0;
            do {
                t++;
                s = Math.max(0, s + (rnd.nextDouble() < p ? onEvent : onNonEvent));
            } while (s < h);
            total += t;
        }
        return (double) total / runs;
    }
}
