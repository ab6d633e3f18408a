package org.vigie.drift.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PerformanceClaimCheckTest {

    private final PerformanceClaim sensitivity90 = PerformanceClaim.of(PerformanceMetric.SENSITIVITY, 0.90, 100);

    @Test
    void signalsOnlyWhenTheOneSidedUpperBoundIsBelowTheClaim() {
        // 80/100: Wilson one-sided 95 % upper bound = 0.8604 < 0.90
        ClaimAssessment low = PerformanceClaimCheck.check(sensitivity90, ConfusionCounts.of(80, 5, 500, 20));
        assertThat(low.status()).isEqualTo(ClaimStatus.WORSE_THAN_CLAIM);
        assertThat(low.upperBound()).isCloseTo(BinomialInterval.WILSON.interval(80, 100, 0.90).upper(), within(1e-12));
        assertThat(low.sampleSize()).isEqualTo(100);
        assertThat(low.shortfall()).isCloseTo(0.10, within(1e-12));
        // 86/100 is below 0.90 as a point estimate, but its upper bound (0.909) is not.
        ClaimAssessment noisy = PerformanceClaimCheck.check(sensitivity90, ConfusionCounts.of(86, 5, 500, 14));
        assertThat(noisy.status()).isEqualTo(ClaimStatus.CONSISTENT_WITH_CLAIM);
    }

    @Test
    void saysInsufficientDataBelowTheMinimumNumberOfPositives() {
        ClaimAssessment few = PerformanceClaimCheck.check(sensitivity90, ConfusionCounts.of(40, 5, 5000, 59));
        assertThat(few.status()).isEqualTo(ClaimStatus.INSUFFICIENT_DATA);
        assertThat(few.sampleSize()).isEqualTo(99);
    }

    @Test
    void eachProportionUsesItsOwnDenominator() {
        ConfusionCounts c = ConfusionCounts.of(180, 60, 740, 20);
        var ppv = PerformanceClaimCheck.check(new PerformanceClaim(PerformanceMetric.POSITIVE_PREDICTIVE_VALUE, 0.85, 0.95, 100,
                BinomialInterval.CLOPPER_PEARSON), c);
        assertThat(ppv.sampleSize()).isEqualTo(240);
        assertThat(ppv.estimate()).isCloseTo(0.75, within(1e-12));
        assertThat(ppv.upperBound()).isCloseTo(BinomialInterval.CLOPPER_PEARSON.upperBound(180, 240, 0.95), within(1e-12));
        assertThat(ppv.status()).isEqualTo(ClaimStatus.WORSE_THAN_CLAIM);
        var npv = PerformanceClaimCheck.check(PerformanceClaim.of(PerformanceMetric.NEGATIVE_PREDICTIVE_VALUE, 0.95, 100), c);
        assertThat(npv.sampleSize()).isEqualTo(760);
        assertThat(npv.status()).isEqualTo(ClaimStatus.CONSISTENT_WITH_CLAIM);
        var spec = PerformanceClaimCheck.check(PerformanceClaim.of(PerformanceMetric.SPECIFICITY, 0.95, 100), c);
        assertThat(spec.sampleSize()).isEqualTo(800);
        assertThat(spec.status()).isEqualTo(ClaimStatus.WORSE_THAN_CLAIM);
    }

    @Test
    void lowerIsBetterMetricsSignalWhenTheLowerBoundIsAboveTheClaim() {
        SplittableRandom rnd = new SplittableRandom(31);
        LabelledScoreSummary s = new LabelledScoreSummary();
        for (int i = 0; i < 20_000; i++) {
            double score = rnd.nextDouble();
            s.update(score, rnd.nextDouble() < 0.5 + 0.5 * (score - 0.5)); // badly calibrated: ECE ~ 0.125
        }
        var ece = PerformanceClaimCheck.check(PerformanceClaim.of(PerformanceMetric.EXPECTED_CALIBRATION_ERROR, 0.05, 1000), s);
        assertThat(ece.status()).isEqualTo(ClaimStatus.WORSE_THAN_CLAIM);
        assertThat(ece.lowerBound()).isGreaterThan(0.05);
        var brier = PerformanceClaimCheck.check(PerformanceClaim.of(PerformanceMetric.BRIER_SCORE, 0.30, 1000), s);
        assertThat(brier.status()).isEqualTo(ClaimStatus.CONSISTENT_WITH_CLAIM);
        var auc = PerformanceClaimCheck.check(PerformanceClaim.of(PerformanceMetric.AUC, 0.80, 100), s);
        // AUC of this model is about 0.64: far below 0.80.
        assertThat(auc.status()).isEqualTo(ClaimStatus.WORSE_THAN_CLAIM);
        assertThat(auc.estimate()).isBetween(0.6, 0.68);
    }
}
