package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The deployed error-stream detector: baseline, guarded bank, alarms, state formats. */
class ErrorStreamMonitorTest {

    private static final DriftSettings DEFAULTS = DriftSettings.defaults();

    @Test
    void centresTheBankOnThePointEstimateAndGuardsAtTheWilsonBound() {
        // 500 errors in 5000 labels: p̂ = 0.100; one-sided 90 % Wilson upper bound 0.10553 → grid 0.1060.
        BernoulliCusumBank.Design d = ErrorStreamMonitor.design(500, 5000, DEFAULTS);
        assertThat(d.p0()).isCloseTo(0.100, within(1e-12));
        double wilson = BinomialInterval.WILSON.upperBound(500, 5000, 0.9);
        assertThat(wilson).isCloseTo(0.10553, within(5e-5));
        assertThat(d.pGuard()).isCloseTo(0.106, within(1e-12));
        assertThat(d.targetArl()).isEqualTo(1e7);
    }

    @Test
    void startsAfterTheBaselineAndStaysQuietOnAMillionInControlLabels() {
        ErrorStreamMonitor m = new ErrorStreamMonitor();
        SplittableRandom rnd = new SplittableRandom(3);
        int alarms = 0;
        for (int i = 0; i < 1_000_000; i++) {
            if (m.update(rnd.nextDouble() < 0.10, DEFAULTS) != null) {
                alarms++;
            }
            if (i == 4_998) {
                assertThat(m.started()).isFalse();
            }
        }
        assertThat(m.started()).isTrue();
        // Target ARL 1e7 guaranteed at the 90 % bound: P(any alarm in 1e6 labels) is at most ~10 %.
        assertThat(alarms).isZero();
    }

    @Test
    void aTenPercentRelativeRiseAtTwentyPercentIsCaughtByTheBank() {
        DriftSettings settings = DEFAULTS.withErrorStream(5000, 1e5, DriftSettings.DEFAULT_RELATIVE_SHIFTS, 0.9,
                Double.NaN);
        int detected = 0;
        for (int seed = 0; seed < 20; seed++) {
            ErrorStreamMonitor m = new ErrorStreamMonitor();
            SplittableRandom rnd = new SplittableRandom(100 + seed);
            for (int i = 0; i < 5_000; i++) {
                m.update(rnd.nextDouble() < 0.20, settings);
            }
            for (int i = 0; i < 30_000; i++) {
                ErrorStreamMonitor.Alarm a = m.update(rnd.nextDouble() < 0.22, settings);
                if (a != null) {
                    assertThat(a.detector()).isEqualTo("Bernoulli CUSUM");
                    assertThat(a.tunedRate()).isGreaterThan(a.inControlRate());
                    assertThat(a.statistic()).isGreaterThanOrEqualTo(a.threshold());
                    detected++;
                    break;
                }
            }
        }
        assertThat(detected).isGreaterThanOrEqualTo(16);
    }

    @Test
    void stateRoundTripsMidBaselineAndMidChart() {
        ErrorStreamMonitor original = new ErrorStreamMonitor();
        ErrorStreamMonitor restored = null;
        SplittableRandom rnd = new SplittableRandom(9);
        DriftSettings settings = DEFAULTS.withErrorStream(1000, 1e4, DriftSettings.DEFAULT_RELATIVE_SHIFTS, 0.9, 0.01);
        for (int i = 0; i < 60_000; i++) {
            if (i % 7_919 == 0) {
                restored = ErrorStreamMonitor.fromBytes(original.toBytes());
            }
            boolean e = rnd.nextDouble() < (i < 30_000 ? 0.1 : 0.14);
            ErrorStreamMonitor.Alarm a = original.update(e, settings);
            ErrorStreamMonitor.Alarm b = restored.update(e, settings);
            assertThat(b).isEqualTo(a);
            assertThat(restored.toBytes()).isEqualTo(original.toBytes());
        }
    }

    @Test
    void readsTheFormatOneStateOfThePreviousVersionAndCarriesOnWithItsChart() throws IOException {
        // Format 1: a two-sided BernoulliCusum centred on the Wilson upper bound (previous release).
        BernoulliCusum legacy = new BernoulliCusum(BernoulliCusum.design(0.12, 0.18, 0.06, 1e4));
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < 3_000; i++) {
            legacy.update(rnd.nextDouble() < 0.13);
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(1);
            out.writeLong(1000);
            out.writeLong(100);
            out.writeLong(3000);
            out.writeLong(390);
            out.writeBoolean(false);
            byte[] c = legacy.toBytes();
            out.writeInt(c.length);
            out.write(c);
            out.writeInt(0);
        }
        ErrorStreamMonitor m = ErrorStreamMonitor.fromBytes(buffer.toByteArray());
        assertThat(m.started()).isTrue();
        assertThat(m.inControlRate()).isEqualTo(0.12);
        // Same upper-side decisions as the legacy chart from here on.
        for (int i = 0; i < 100_000; i++) {
            boolean e = rnd.nextDouble() < 0.14;
            boolean legacyUp = legacy.update(e) == CusumSignal.INCREASE;
            ErrorStreamMonitor.Alarm a = m.update(e, DEFAULTS);
            if (legacyUp) {
                assertThat(a).isNotNull();
                assertThat(a.threshold()).isEqualTo(legacy.design().hUp());
            }
            if (a != null) {
                assertThat(legacyUp).isTrue();
            }
        }
        // And it is written back in the current format.
        assertThat(m.toBytes()[0]).isEqualTo((byte) 2);
        assertThat(ErrorStreamMonitor.fromBytes(m.toBytes()).toBytes()).isEqualTo(m.toBytes());
    }
}
