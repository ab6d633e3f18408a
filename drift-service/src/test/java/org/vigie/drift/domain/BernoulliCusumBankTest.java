package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The CUSUM bank: design (union bound, guarded thresholds), false-alarm rate and delay by simulation, state. */
class BernoulliCusumBankTest {

    private static final List<Double> SHIFTS = DriftSettings.DEFAULT_RELATIVE_SHIFTS;

    @Test
    void eachChartGetsItsShareOfTheBudgetAtTheGuardedRate() {
        BernoulliCusumBank.Design d = BernoulliCusumBank.design(0.10, 0.106, SHIFTS, 1e5);
        int k = d.charts().size();
        assertThat(k).isBetween(2, 4);
        for (BernoulliCusumBank.Chart c : d.charts()) {
            // Known answer from the Markov chain: the ARL at the guarded in-control rate is K · target (±0.5 %).
            double arl = CusumRunLength.averageRunLength(0.10, c.p1(), c.h(), 0.106);
            assertThat(arl).isCloseTo(k * 1e5, within(k * 1e5 * 0.006));
            // At the estimate itself the chart is more conservative still.
            assertThat(CusumRunLength.averageRunLength(0.10, c.p1(), c.h(), 0.10)).isGreaterThan(k * 1e5);
        }
    }

    @Test
    void withTheRateKnownTheChartsAreTunedToEveryShift() {
        BernoulliCusumBank.Design d = BernoulliCusumBank.design(0.20, 0.20, SHIFTS, 1e5);
        assertThat(d.charts()).hasSize(4);
        double[] expected = {0.22, 0.25, 0.30, 0.40};
        for (int i = 0; i < 4; i++) {
            assertThat(d.charts().get(i).p1()).isCloseTo(expected[i], within(1e-12));
        }
        // Union bound: each chart at ARL 4e5 (the single-chart threshold for 4e5 from the same Markov chain).
        assertThat(d.charts().get(1).h()).isCloseTo(CusumRunLength.thresholdFor(0.20, 0.25, 4e5), within(0.05));
    }

    @Test
    void aGuardTooCloseToASmallShiftLeavesThatChartOut() {
        // p0 = 0.10 estimated from 1000 labels: the 90 % bound 0.113 is above the balance point of the +10 % and
        // +25 % charts (0.105, 0.112): they cannot be kept in control at the bound.
        BernoulliCusumBank.Design d = BernoulliCusumBank.design(0.10, 0.113, SHIFTS, 1e5);
        assertThat(d.charts()).extracting(BernoulliCusumBank.Chart::p1).allMatch(p1 -> p1 >= 0.15);
        assertThatThrownBy(() -> BernoulliCusumBank.design(0.10, 0.19, List.of(0.1, 0.5), 1e5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void falseAlarmRateOfTheBankStaysWithinItsTarget() {
        // Target ARL 1e4, p0 known: at most ~200 alarms in 2e6 in-control events (union bound: fewer in practice).
        BernoulliCusumBank bank = new BernoulliCusumBank(BernoulliCusumBank.design(0.10, 0.10, SHIFTS, 1e4));
        SplittableRandom rnd = new SplittableRandom(41);
        int alarms = 0;
        for (int i = 0; i < 2_000_000; i++) {
            if (bank.update(rnd.nextDouble() < 0.10) >= 0) {
                alarms++;
            }
        }
        // Poisson(200): 200 + 3·√200 ≈ 242. The union bound is not far from tight (~0.6–0.9 of it).
        assertThat(alarms).isBetween(80, 242);
    }

    @Test
    void guardedThresholdsHoldTheTargetWhenTheTrueRateIsAtTheBound() {
        BernoulliCusumBank bank = new BernoulliCusumBank(BernoulliCusumBank.design(0.20, 0.2075, SHIFTS, 1e4));
        SplittableRandom rnd = new SplittableRandom(43);
        int alarms = 0;
        for (int i = 0; i < 2_000_000; i++) {
            if (bank.update(rnd.nextDouble() < 0.2075) >= 0) {
                alarms++;
            }
        }
        assertThat(alarms).isLessThanOrEqualTo(242);
    }

    @Test
    void detectsASmallRiseFasterThanASingleChartTunedToFiftyPercentAtTheSameArl() {
        BernoulliCusumBank.Design bankDesign = BernoulliCusumBank.design(0.20, 0.20, SHIFTS, 1e5);
        BernoulliCusum.Design single = BernoulliCusum.design(0.20, 0.30, Double.NaN, 1e5);
        long bankTotal = 0;
        long singleTotal = 0;
        for (int seed = 0; seed < 40; seed++) {
            bankTotal += delay(new BernoulliCusumBank(bankDesign), null, 0.20, 0.22, seed);
            singleTotal += delay(null, new BernoulliCusum(single), 0.20, 0.22, seed);
        }
        assertThat(bankTotal).isLessThan(singleTotal * 3 / 4);
    }

    @Test
    void namesTheChartThatFiredAndResetsAll() {
        BernoulliCusumBank bank = new BernoulliCusumBank(BernoulliCusumBank.design(0.05, 0.05, SHIFTS, 1e4));
        int fired = -1;
        for (int i = 0; i < 100 && fired < 0; i++) {
            fired = bank.update(true);
        }
        // A run of errors: the chart tuned to the largest rise has the largest step per error and fires first.
        assertThat(fired).isEqualTo(bank.design().charts().size() - 1);
        assertThat(bank.lastSignalStatistic()).isGreaterThanOrEqualTo(bank.design().charts().get(fired).h());
        for (int i = 0; i < bank.design().charts().size(); i++) {
            assertThat(bank.statistic(i)).isZero();
        }
        assertThat(bank.observationsSinceReset()).isZero();
    }

    @Test
    void stateRoundTripsThroughBytesAndContinuesIdentically() {
        BernoulliCusumBank original = new BernoulliCusumBank(BernoulliCusumBank.design(0.10, 0.104, SHIFTS, 1e4));
        SplittableRandom rnd = new SplittableRandom(8);
        for (int i = 0; i < 5_000; i++) {
            original.update(rnd.nextDouble() < 0.11);
        }
        BernoulliCusumBank restored = BernoulliCusumBank.fromBytes(original.toBytes());
        assertThat(restored.design()).isEqualTo(original.design());
        for (int i = 0; i < 50_000; i++) {
            boolean e = rnd.nextDouble() < 0.12;
            assertThat(restored.update(e)).isEqualTo(original.update(e));
        }
        assertThat(restored.toBytes()).isEqualTo(original.toBytes());
    }

    private static long delay(BernoulliCusumBank bank, BernoulliCusum single, double p0, double p1, int seed) {
        SplittableRandom rnd = new SplittableRandom(1000 + seed);
        for (int i = 0; i < 5_000; i++) {
            boolean e = rnd.nextDouble() < p0;
            if (bank != null) {
                bank.update(e);
            } else {
                single.update(e);
            }
        }
        for (long n = 1; n <= 200_000; n++) {
            boolean e = rnd.nextDouble() < p1;
            if (bank != null ? bank.update(e) >= 0 : single.update(e) == CusumSignal.INCREASE) {
                return n;
            }
        }
        return 200_000;
    }
}
