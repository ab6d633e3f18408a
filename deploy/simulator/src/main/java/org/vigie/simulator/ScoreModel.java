package org.vigie.simulator;

import java.util.SplittableRandom;

/**
 * How a device scores cases: calibrated probabilities whose operating point at the decision threshold has the
 * given prevalence, sensitivity and specificity. A case's score is drawn first and its truth is then drawn with
 * probability equal to the score, so the scores are calibrated by construction and a confidence-based estimate
 * of sensitivity on unlabelled cases is right when nothing has changed.
 *
 * <p>At threshold t a fraction q = sens·π + (1 − spec)(1 − π) of cases is called positive; calibration asks
 * that their mean score be the PPV and that the mean score of the others be the false-omission rate. Scores
 * above t are t + (1 − t)·Beta with mean (PPV − t)/(1 − t), those below t·Beta with mean FOR/t; so the
 * threshold must lie between the FOR and the PPV, as it does for any calibrated model at that operating point.
 *
 * <p>A model that gets worse (a drift, a bad version, a subgroup it fails) scores some positives like
 * negatives: a positive missed this way takes a score drawn from the negatives' distribution.
 */
public final class ScoreModel {

    private static final double CONCENTRATION = 6.0;

    private final double threshold;
    private final double prevalence;
    private final double sensitivity;
    private final double specificity;
    private final double positiveCalls;
    private final double upperMean;
    private final double lowerMean;

    public ScoreModel(double threshold, double prevalence, double sensitivity, double specificity) {
        this.threshold = threshold;
        this.prevalence = prevalence;
        this.sensitivity = sensitivity;
        this.specificity = specificity;
        this.positiveCalls = sensitivity * prevalence + (1 - specificity) * (1 - prevalence);
        double ppv = sensitivity * prevalence / positiveCalls;
        double falseOmission = (1 - sensitivity) * prevalence / (1 - positiveCalls);
        if (!(falseOmission < threshold && threshold < ppv)) {
            throw new IllegalArgumentException("a calibrated model at this operating point needs a threshold between "
                    + falseOmission + " and " + ppv + ", not " + threshold);
        }
        this.upperMean = (ppv - threshold) / (1 - threshold);
        this.lowerMean = falseOmission / threshold;
    }

    /** A case: its score and whether it is truly positive. */
    public record Scored(double score, boolean positive) {
    }

    /** The miss rate that brings this model's sensitivity down to the target (0 if it is not lower). */
    public double missRateFor(double targetSensitivity) {
        if (targetSensitivity >= sensitivity) {
            return 0;
        }
        return (sensitivity - targetSensitivity) / (sensitivity - (1 - specificity));
    }

    /** The sensitivity of this model when it misses this share of positives. */
    public double sensitivityWithMissRate(double missRate) {
        return sensitivity - missRate * (sensitivity - (1 - specificity));
    }

    /** A case scored by the model, of which a positive is missed (scored like a negative) with this probability. */
    public Scored draw(SplittableRandom random, double missRate) {
        double score = score(random);
        boolean positive = Draws.chance(random, score);
        if (positive && missRate > 0 && Draws.chance(random, missRate)) {
            score = negativeScore(random);
        }
        return new Scored(score, positive);
    }

    /** Rounded to what a device reports; the decision is taken on the reported score. */
    public boolean predictsPositive(double reportedScore) {
        return reportedScore >= threshold;
    }

    private double score(SplittableRandom random) {
        if (Draws.chance(random, positiveCalls)) {
            return threshold + (1 - threshold) * Draws.beta(random, upperMean * CONCENTRATION, (1 - upperMean) * CONCENTRATION);
        }
        double y = Draws.beta(random, lowerMean * CONCENTRATION, (1 - lowerMean) * CONCENTRATION);
        return threshold * Math.min(y, 1 - 1e-9);
    }

    /** A score from the negatives' distribution: a draw accepted with probability 1 − score. */
    private double negativeScore(SplittableRandom random) {
        while (true) {
            double s = score(random);
            if (!Draws.chance(random, s)) {
                return s;
            }
        }
    }

    public double threshold() {
        return threshold;
    }

    public double prevalence() {
        return prevalence;
    }

    public double sensitivity() {
        return sensitivity;
    }

    public double specificity() {
        return specificity;
    }
}
