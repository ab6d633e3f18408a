package org.vigie.drift.domain;

/** Performance figures a manufacturer can claim, with the direction in which they are better. */
public enum PerformanceMetric {
    SENSITIVITY(true),
    SPECIFICITY(true),
    POSITIVE_PREDICTIVE_VALUE(true),
    NEGATIVE_PREDICTIVE_VALUE(true),
    AUC(true),
    EXPECTED_CALIBRATION_ERROR(false),
    BRIER_SCORE(false);

    private final boolean higherIsBetter;

    PerformanceMetric(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }
}
