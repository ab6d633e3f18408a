package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void eceOfAHandWorkedExampleWithTwoEqualMassBins() {
        // Sorted by score: bin 1 = {0.1 y0, 0.2 y0, 0.3 y1, 0.4 y0}: mean 0.25, rate 0.25 -> 0
        //                  bin 2 = {0.6 y1, 0.7 y0, 0.8 y1, 0.9 y1}: mean 0.75, rate 0.75 -> 0
        double[] s = {0.9, 0.1, 0.6, 0.2, 0.7, 0.3, 0.8, 0.4};
        boolean[] y = {true, false, true, false, false, true, true, false};
        assertThat(Calibration.expectedCalibrationError(s, y, 2).value()).isCloseTo(0.0, within(1e-12));
        // Flip 0.9 to negative: bin 2 rate 0.5 -> |0.75 - 0.5| * 4/8 = 0.125
        y[0] = false;
        assertThat(Calibration.expectedCalibrationError(s, y, 2).value()).isCloseTo(0.125, within(1e-12));
        LabelledScoreSummary summary = new LabelledScoreSummary();
        for (int i = 0; i < s.length; i++) {
            summary.update(s[i], y[i]);
        }
        assertThat(Calibration.expectedCalibrationError(summary, 2).value()).isCloseTo(0.125, within(1e-12));
    }

    @Test
    void brierScoreIsTheMeanSquaredResidual() {
        LabelledScoreSummary s = new LabelledScoreSummary();
        s.update(0.9, true);
        s.update(0.2, false);
        s.update(0.6, false);
        s.update(0.3, true);
        // (0.01 + 0.04 + 0.36 + 0.49) / 4 = 0.225
        StandardErrorEstimate brier = Calibration.brierScore(s);
        assertThat(brier.value()).isCloseTo(0.225, within(1e-12));
        double[] losses = {0.01, 0.04, 0.36, 0.49};
        double ss = 0;
        for (double l : losses) {
            ss += (l - 0.225) * (l - 0.225);
        }
        assertThat(brier.standardError()).isCloseTo(Math.sqrt(ss / 3 / 4), within(1e-12));
    }

    @Test
    void sketchedEceTracksExactEceAndSeesMiscalibration() {
        SplittableRandom rnd = new SplittableRandom(21);
        int n = 100_000;
        double[] scores = new double[n];
        boolean[] calibrated = new boolean[n];
        boolean[] overconfident = new boolean[n];
        LabelledScoreSummary good = new LabelledScoreSummary();
        LabelledScoreSummary bad = new LabelledScoreSummary();
        for (int i = 0; i < n; i++) {
            scores[i] = rnd.nextDouble();
            double u = rnd.nextDouble();
            calibrated[i] = u < scores[i];
            overconfident[i] = u < 0.5 + 0.8 * (scores[i] - 0.5); // true rate pulled towards 0.5
            good.update(scores[i], calibrated[i]);
            bad.update(scores[i], overconfident[i]);
        }
        double exactGood = Calibration.expectedCalibrationError(scores, calibrated, 10).value();
        double exactBad = Calibration.expectedCalibrationError(scores, overconfident, 10).value();
        assertThat(exactGood).isLessThan(0.01);
        // |s - (0.5 + 0.8 (s - 0.5))| = 0.2 |s - 0.5|, mean over U(0,1) = 0.05
        assertThat(exactBad).isCloseTo(0.05, within(0.006));
        // The window's ECE groups exact 0.01-wide score bins, so it differs from sorted equal-mass bins only at the edges.
        assertThat(Calibration.expectedCalibrationError(good).value()).isCloseTo(exactGood, within(0.003));
        assertThat(Calibration.expectedCalibrationError(bad).value()).isCloseTo(exactBad, within(0.003));
        assertThat(Calibration.expectedCalibrationError(LabelledScoreSummary.fromBytes(bad.toBytes())))
                .isEqualTo(Calibration.expectedCalibrationError(bad));
    }
}
