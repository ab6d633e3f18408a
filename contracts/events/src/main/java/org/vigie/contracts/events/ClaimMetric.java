package org.vigie.contracts.events;

/** A performance figure a manufacturer can claim. ECE and Brier are errors: lower is better. */
public enum ClaimMetric {
    SENSITIVITY, SPECIFICITY, PPV, NPV, AUC, ECE, BRIER;

    /** True for error metrics, where the claim is an upper bound ("ECE at most 0.05"). */
    public boolean lowerIsBetter() {
        return this == ECE || this == BRIER;
    }
}
