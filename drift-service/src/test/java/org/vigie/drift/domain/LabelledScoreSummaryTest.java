package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LabelledScoreSummaryTest {

    @Test
    void mergeAndRoundTripKeepCountsAndFigures() {
        SplittableRandom rnd = new SplittableRandom(8);
        LabelledScoreSummary a = new LabelledScoreSummary();
        LabelledScoreSummary b = new LabelledScoreSummary();
        for (int i = 0; i < 5_000; i++) {
            boolean positive = rnd.nextDouble() < 0.3;
            double score = positive ? 0.3 + 0.7 * rnd.nextDouble() : 0.7 * rnd.nextDouble();
            (i % 2 == 0 ? a : b).update(score, positive);
        }
        a.merge(b);
        LabelledScoreSummary copy = LabelledScoreSummary.fromBytes(a.toBytes());
        assertThat(copy.positives()).isEqualTo(a.positives());
        assertThat(copy.negatives()).isEqualTo(a.negatives());
        assertThat(copy.count()).isEqualTo(5_000);
        assertThat(AreaUnderCurve.of(copy).auc()).isEqualTo(AreaUnderCurve.of(a).auc());
        assertThat(Calibration.brierScore(copy)).isEqualTo(Calibration.brierScore(a));
        assertThat(copy.toBytes()).isEqualTo(a.toBytes());
    }

    @Test
    void stateStaysUnder16KilobytesAfterAMillionUpdates() {
        SplittableRandom rnd = new SplittableRandom(12);
        LabelledScoreSummary s = new LabelledScoreSummary();
        for (int i = 0; i < 1_000_000; i++) {
            boolean positive = rnd.nextDouble() < 0.2;
            s.update(rnd.nextDouble(), positive);
        }
        assertThat(s.toBytes().length).isLessThanOrEqualTo(16 * 1024);
        assertThat(s.count()).isEqualTo(1_000_000);
        assertThat(s.isExact()).isFalse();
    }
}
