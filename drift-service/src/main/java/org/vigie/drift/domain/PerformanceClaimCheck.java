package org.vigie.drift.domain;

/**
 * Checks a labelled window against a {@link PerformanceClaim}: a signal only when the one-sided
 * confidence bound on the favourable side is past the claim (upper bound below the claim for
 * sensitivity, specificity, PPV, NPV, AUC; lower bound above it for ECE and Brier), and only with
 * enough relevant cases. A point estimate below the claim is not, by itself, evidence.
 */
public final class PerformanceClaimCheck {

    private PerformanceClaimCheck() {
    }

    public static ClaimAssessment check(PerformanceClaim claim, ConfusionCounts counts) {
        return switch (claim.metric()) {
            case SENSITIVITY -> proportion(claim, counts.truePositives(), counts.positives());
            case SPECIFICITY -> proportion(claim, counts.trueNegatives(), counts.negatives());
            case POSITIVE_PREDICTIVE_VALUE -> proportion(claim, counts.truePositives(), counts.predictedPositives());
            case NEGATIVE_PREDICTIVE_VALUE -> proportion(claim, counts.trueNegatives(), counts.predictedNegatives());
            default -> throw new IllegalArgumentException(claim.metric() + " needs scores, not confusion counts");
        };
    }

    public static ClaimAssessment check(PerformanceClaim claim, LabelledScoreSummary scores) {
        return switch (claim.metric()) {
            case AUC -> {
                AucEstimate auc = AreaUnderCurve.of(scores);
                long n = Math.min(auc.positives(), auc.negatives());
                yield assess(claim, auc.auc(), auc.lowerBound(claim.confidence()), auc.upperBound(claim.confidence()), n,
                        "Mann-Whitney AUC" + (auc.exact() ? "" : " (KLL sketches)") + ", Hanley-McNeil standard error, normal bound");
            }
            case EXPECTED_CALIBRATION_ERROR -> estimate(claim, Calibration.expectedCalibrationError(scores),
                    "ECE, " + Calibration.DEFAULT_BINS + " equal-mass bins, delta-method standard error, normal bound");
            case BRIER_SCORE -> estimate(claim, Calibration.brierScore(scores), "Brier score, normal bound");
            default -> throw new IllegalArgumentException(claim.metric() + " needs confusion counts, not scores");
        };
    }

    private static ClaimAssessment proportion(PerformanceClaim claim, long successes, long trials) {
        double estimate = trials == 0 ? Double.NaN : (double) successes / trials;
        double lower = trials == 0 ? 0.0 : claim.interval().lowerBound(successes, trials, claim.confidence());
        double upper = trials == 0 ? 1.0 : claim.interval().upperBound(successes, trials, claim.confidence());
        String method = (claim.interval() == BinomialInterval.WILSON ? "Wilson" : "Clopper-Pearson") + " one-sided bound";
        return assess(claim, estimate, lower, upper, trials, method);
    }

    private static ClaimAssessment estimate(PerformanceClaim claim, StandardErrorEstimate e, String method) {
        return assess(claim, e.value(), Math.max(0.0, e.lowerBound(claim.confidence())),
                e.upperBound(claim.confidence()), e.sampleSize(), method);
    }

    private static ClaimAssessment assess(PerformanceClaim claim, double estimate, double lower, double upper, long n, String method) {
        ClaimStatus status;
        if (n < claim.minimumSampleSize() || Double.isNaN(estimate)) {
            status = ClaimStatus.INSUFFICIENT_DATA;
        } else if (claim.metric().higherIsBetter() ? upper < claim.claimedValue() : lower > claim.claimedValue()) {
            status = ClaimStatus.WORSE_THAN_CLAIM;
        } else {
            status = ClaimStatus.CONSISTENT_WITH_CLAIM;
        }
        return new ClaimAssessment(claim.metric(), status, estimate, lower, upper, claim.claimedValue(), claim.confidence(),
                n, claim.minimumSampleSize(), method);
    }
}
