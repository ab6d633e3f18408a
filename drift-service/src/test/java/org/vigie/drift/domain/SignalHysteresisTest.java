package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalHysteresisTest {

    @Test
    void firesAfterKConsecutiveAndReArmsAfterMClear() {
        SignalHysteresis h = new SignalHysteresis(3, 2);
        boolean[] conditions = {true, true, false, true, true, true, true, false, true, false, false, true, true, true};
        List<SignalHysteresis.Transition> out = new ArrayList<>();
        for (boolean c : conditions) {
            out.add(h.evaluate(c));
        }
        assertThat(out).containsExactly(
                SignalHysteresis.Transition.NONE, SignalHysteresis.Transition.NONE, SignalHysteresis.Transition.NONE, // broken streak
                SignalHysteresis.Transition.NONE, SignalHysteresis.Transition.NONE, SignalHysteresis.Transition.FIRED,
                SignalHysteresis.Transition.NONE, // still present: no duplicate
                SignalHysteresis.Transition.NONE, SignalHysteresis.Transition.NONE, // one clear, then present again
                SignalHysteresis.Transition.NONE, SignalHysteresis.Transition.CLEARED,
                SignalHysteresis.Transition.NONE, SignalHysteresis.Transition.NONE, SignalHysteresis.Transition.FIRED);
    }

    @Test
    void stateRoundTripsThroughBytes() {
        SignalHysteresis h = new SignalHysteresis(2, 3);
        h.evaluate(true);
        SignalHysteresis copy = SignalHysteresis.fromBytes(h.toBytes());
        assertThat(copy.evaluate(true)).isEqualTo(SignalHysteresis.Transition.FIRED);
        assertThat(copy.state()).isEqualTo(SignalHysteresis.State.FIRING);
        assertThat(h.toBytes()).hasSize(SignalHysteresis.BYTES);
    }

    @Test
    void severityGrowsWithEffectAndShortfallNotWithPValue() {
        assertThat(Severity.ofEffect(0.12, 0.1)).isEqualTo(Severity.LOW);
        assertThat(Severity.ofEffect(0.25, 0.1)).isEqualTo(Severity.MEDIUM);
        assertThat(Severity.ofEffect(0.5, 0.1)).isEqualTo(Severity.HIGH);
        ClaimAssessment slightly = PerformanceClaimCheck.check(PerformanceClaim.of(PerformanceMetric.SENSITIVITY, 0.90, 100),
                ConfusionCounts.of(8_800, 0, 0, 1_200));
        ClaimAssessment badly = PerformanceClaimCheck.check(PerformanceClaim.of(PerformanceMetric.SENSITIVITY, 0.90, 100),
                ConfusionCounts.of(780, 0, 0, 220));
        assertThat(slightly.status()).isEqualTo(ClaimStatus.WORSE_THAN_CLAIM);
        assertThat(Severity.ofClaim(slightly, 0.03, 0.08)).isEqualTo(Severity.LOW);
        assertThat(Severity.ofClaim(badly, 0.03, 0.08)).isEqualTo(Severity.HIGH);
    }
}
