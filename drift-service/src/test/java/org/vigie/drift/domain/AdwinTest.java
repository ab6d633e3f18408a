package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdwinTest {

    @Test
    void stationaryStreamKeepsGrowingTheWindowAndEstimatesTheMean() {
        Adwin adwin = new Adwin(0.002);
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 100_000; i++) {
            adwin.update(rnd.nextDouble() < 0.3 ? 1 : 0);
        }
        assertThat(adwin.mean()).isCloseTo(0.3, within(0.01));
        assertThat(adwin.variance()).isCloseTo(0.21, within(0.01));
        assertThat(adwin.width()).isGreaterThan(90_000);
    }

    @Test
    void noFalseAlarmOverAMillionInControlEvents() {
        Adwin adwin = new Adwin(1e-5);
        SplittableRandom rnd = new SplittableRandom(20240601);
        for (int i = 0; i < 1_000_000; i++) {
            assertThat(adwin.update(rnd.nextDouble() < 0.2 ? 1 : 0)).isFalse();
        }
        assertThat(adwin.toBytes().length).isLessThanOrEqualTo(16 * 1024);
    }

    @Test
    void detectsAStepAndDropsTheStaleWindow() {
        long totalDelay = 0;
        for (int seed = 0; seed < 10; seed++) {
            Adwin adwin = new Adwin(0.002);
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int i = 0; i < 10_000; i++) {
                adwin.update(rnd.nextDouble() < 0.2 ? 1 : 0);
            }
            int delay = 0;
            boolean detected = false;
            while (!detected && delay < 10_000) {
                delay++;
                detected = adwin.update(rnd.nextDouble() < 0.4 ? 1 : 0);
            }
            assertThat(detected).isTrue();
            assertThat(adwin.width()).isLessThan(10_000);
            totalDelay += delay;
        }
        // MOA's ADWIN (same defaults) needs ~150 events for 0.2 -> 0.4.
        assertThat(totalDelay / 10.0).isLessThan(300);
    }

    @Test
    void stateRoundTripsThroughBytesAndContinuesIdentically() {
        Adwin original = new Adwin(0.01);
        SplittableRandom rnd = new SplittableRandom(4);
        for (int i = 0; i < 30_000; i++) {
            original.update(rnd.nextDouble() < (i < 20_000 ? 0.1 : 0.3) ? 1 : 0);
        }
        Adwin restored = Adwin.fromBytes(original.toBytes());
        assertThat(restored.width()).isEqualTo(original.width());
        assertThat(restored.mean()).isEqualTo(original.mean());
        for (int i = 0; i < 30_000; i++) {
            double v = rnd.nextDouble() < (i < 10_000 ? 0.3 : 0.05) ? 1 : 0;
            assertThat(restored.update(v)).isEqualTo(original.update(v));
        }
        assertThat(restored.toBytes()).isEqualTo(original.toBytes());
        assertThat(original.lastDetection()).isGreaterThan(40_000);
    }
}
