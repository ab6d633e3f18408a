package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BernoulliCusumTest {

    @Test
    void noFalseAlarmOverAMillionInControlEventsAtTheTunedThreshold() {
        // Target in-control ARL 1e8: P(any alarm in 1e6 events) is about 1 %.
        BernoulliCusum cusum = new BernoulliCusum(BernoulliCusum.design(0.10, 0.15, 0.05, 1e8));
        SplittableRandom rnd = new SplittableRandom(20240601);
        for (int i = 0; i < 1_000_000; i++) {
            assertThat(cusum.update(rnd.nextDouble() < 0.10)).isEqualTo(CusumSignal.NONE);
        }
    }

    @Test
    void falseAlarmRateMatchesTheDesignedArl() {
        // Target ARL 1e4 -> about 100 alarms in 1e6 events (Poisson sd 10).
        BernoulliCusum cusum = new BernoulliCusum(BernoulliCusum.design(0.10, 0.15, 0.05, 1e4));
        SplittableRandom rnd = new SplittableRandom(17);
        for (int i = 0; i < 1_000_000; i++) {
            cusum.update(rnd.nextDouble() < 0.10);
        }
        assertThat(cusum.signalCount()).isBetween(65L, 140L);
    }

    @Test
    void detectsARiseInErrorRateWithinTheExpectedDelay() {
        BernoulliCusum.Design design = BernoulliCusum.design(0.10, 0.15, 0.05, 1e5);
        double expectedDelay = CusumRunLength.averageRunLength(0.10, 0.15, design.hUp(), 0.15);
        long totalDelay = 0;
        int seeds = 30;
        for (int seed = 0; seed < seeds; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            BernoulliCusum cusum = new BernoulliCusum(design);
            for (int i = 0; i < 20_000; i++) {
                cusum.update(rnd.nextDouble() < 0.10);
            }
            long delay = 0;
            CusumSignal signal;
            do {
                delay++;
                signal = cusum.update(rnd.nextDouble() < 0.15);
            } while (signal == CusumSignal.NONE && delay < 100_000);
            assertThat(signal).isEqualTo(CusumSignal.INCREASE);
            totalDelay += delay;
        }
        double meanDelay = (double) totalDelay / seeds;
        // The chart is usually not at zero when the change happens, so the mean delay is at most the zero-state ARL.
        assertThat(meanDelay).isBetween(0.6 * expectedDelay, 1.2 * expectedDelay);
    }

    @Test
    void detectsAFallAndResetsAfterASignal() {
        BernoulliCusum cusum = new BernoulliCusum(BernoulliCusum.design(0.20, 0.30, 0.10, 1e4));
        SplittableRandom rnd = new SplittableRandom(5);
        CusumSignal signal = CusumSignal.NONE;
        int n = 0;
        while (signal == CusumSignal.NONE && n < 50_000) {
            signal = cusum.update(rnd.nextDouble() < 0.05);
            n++;
        }
        assertThat(signal).isEqualTo(CusumSignal.DECREASE);
        assertThat(cusum.upperStatistic()).isZero();
        assertThat(cusum.lowerStatistic()).isZero();
        assertThat(cusum.observationsSinceReset()).isZero();
    }

    @Test
    void stateRoundTripsThroughBytesAndContinuesIdentically() {
        BernoulliCusum original = new BernoulliCusum(BernoulliCusum.design(0.10, 0.15, 0.05, 1e4));
        SplittableRandom rnd = new SplittableRandom(8);
        for (int i = 0; i < 5_000; i++) {
            original.update(rnd.nextDouble() < 0.12);
        }
        byte[] bytes = original.toBytes();
        assertThat(bytes).hasSize(BernoulliCusum.BYTES);
        BernoulliCusum restored = BernoulliCusum.fromBytes(bytes);
        assertThat(restored.design()).isEqualTo(original.design());
        for (int i = 0; i < 50_000; i++) {
            boolean e = rnd.nextDouble() < 0.13;
            assertThat(restored.update(e)).isEqualTo(original.update(e));
        }
        assertThat(restored.upperStatistic()).isEqualTo(original.upperStatistic());
        assertThat(restored.toBytes()).isEqualTo(original.toBytes());
    }
}
