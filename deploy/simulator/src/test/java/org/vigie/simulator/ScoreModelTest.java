package org.vigie.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The calibrated score model hits its operating point. Plain JUnit. */
class ScoreModelTest {

    private static final int N = 400_000;

    @Test
    void prevalence_sensitivity_specificity_and_calibration_are_those_asked_for() {
        ScoreModel model = new ScoreModel(0.2, 0.06, 0.93, 0.90);
        SplittableRandom random = new SplittableRandom(1);
        long positives = 0;
        long truePositives = 0;
        long negatives = 0;
        long trueNegatives = 0;
        double scoreSum = 0;
        for (int i = 0; i < N; i++) {
            ScoreModel.Scored c = model.draw(random, 0);
            scoreSum += c.score();
            boolean called = model.predictsPositive(c.score());
            if (c.positive()) {
                positives++;
                truePositives += called ? 1 : 0;
            } else {
                negatives++;
                trueNegatives += called ? 0 : 1;
            }
        }
        assertThat((double) positives / N).isCloseTo(0.06, within(0.002));
        assertThat((double) truePositives / positives).isCloseTo(0.93, within(0.01));
        assertThat((double) trueNegatives / negatives).isCloseTo(0.90, within(0.005));
        // Calibrated: the mean score is the prevalence, so a confidence-based estimate is right.
        assertThat(scoreSum / N).isCloseTo(0.06, within(0.002));
    }

    @Test
    void a_miss_rate_brings_sensitivity_down_to_the_target() {
        ScoreModel model = new ScoreModel(0.4, 0.10, 0.95, 0.93);
        double miss = model.missRateFor(0.85);
        assertThat(model.sensitivityWithMissRate(miss)).isCloseTo(0.85, within(1e-12));
        SplittableRandom random = new SplittableRandom(2);
        long positives = 0;
        long found = 0;
        for (int i = 0; i < N; i++) {
            ScoreModel.Scored c = model.draw(random, miss);
            if (c.positive()) {
                positives++;
                found += model.predictsPositive(c.score()) ? 1 : 0;
            }
        }
        assertThat((double) found / positives).isCloseTo(0.85, within(0.01));
        assertThat(model.missRateFor(0.99)).isZero();
    }

    @Test
    void a_threshold_no_calibrated_model_can_have_is_refused() {
        // At 6 % prevalence, sensitivity 0.93 and specificity 0.90 the PPV is 0.37: a threshold of 0.5 is impossible.
        assertThatThrownBy(() -> new ScoreModel(0.5, 0.06, 0.93, 0.90)).isInstanceOf(IllegalArgumentException.class);
    }
}
