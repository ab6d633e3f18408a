package org.vigie.drift.domain;

/**
 * How urgent a signal is. Severity grows with the size of the problem, not with its p-value: a
 * tiny shift on a huge sample is significant but minor.
 */
public enum Severity {
    LOW, MEDIUM, HIGH;

    /**
     * From an effect size relative to the minimum effect that gates the signal: below 2× the
     * gate LOW, below 4× MEDIUM, otherwise HIGH (e.g. KS D of 0.12 / 0.25 / 0.5 with a 0.1 gate).
     */
    public static Severity ofEffect(double effectSize, double minimumEffect) {
        double ratio = effectSize / minimumEffect;
        return ratio >= 4 ? HIGH : ratio >= 2 ? MEDIUM : LOW;
    }

    /**
     * From the distance to the claim: the point estimate's shortfall, compared with
     * {@code mediumShortfall} and {@code highShortfall} (e.g. 0.03 and 0.08 for a sensitivity
     * claim). A confidence bound past the claim with an estimate barely short of it stays LOW.
     */
    public static Severity ofClaim(ClaimAssessment assessment, double mediumShortfall, double highShortfall) {
        double shortfall = assessment.shortfall();
        return shortfall >= highShortfall ? HIGH : shortfall >= mediumShortfall ? MEDIUM : LOW;
    }
}
