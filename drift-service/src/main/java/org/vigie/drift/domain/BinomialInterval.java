package org.vigie.drift.domain;

import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Confidence intervals for a proportion (sensitivity, specificity, PPV, NPV, a subgroup's TPR).
 * Wilson is the default: close to nominal coverage and well behaved at 0 and n. Clopper–Pearson
 * (the Beta quantiles) guarantees at least nominal coverage, at the price of width; regulators
 * often ask for it.
 */
public enum BinomialInterval {

    WILSON {
        @Override
        public double lowerBound(long successes, long trials, double confidence) {
            check(successes, trials, confidence);
            return trials == 0 ? 0.0 : wilson(successes, trials, standardNormalQuantile(confidence), -1);
        }

        @Override
        public double upperBound(long successes, long trials, double confidence) {
            check(successes, trials, confidence);
            return trials == 0 ? 1.0 : wilson(successes, trials, standardNormalQuantile(confidence), +1);
        }
    },

    CLOPPER_PEARSON {
        @Override
        public double lowerBound(long successes, long trials, double confidence) {
            check(successes, trials, confidence);
            if (successes == 0) {
                return 0.0;
            }
            return BetaDistribution.of(successes, trials - successes + 1.0).inverseCumulativeProbability(1 - confidence);
        }

        @Override
        public double upperBound(long successes, long trials, double confidence) {
            check(successes, trials, confidence);
            if (successes == trials) {
                return 1.0;
            }
            return BetaDistribution.of(successes + 1.0, (double) trials - successes).inverseCumulativeProbability(confidence);
        }
    };

    /** One-sided lower confidence bound at {@code confidence} (e.g. 0.95). */
    public abstract double lowerBound(long successes, long trials, double confidence);

    /** One-sided upper confidence bound at {@code confidence}. */
    public abstract double upperBound(long successes, long trials, double confidence);

    /** Two-sided interval: each bound one-sided at (1 + confidence) / 2. */
    public Interval interval(long successes, long trials, double confidence) {
        double oneSided = (1 + confidence) / 2;
        return new Interval(lowerBound(successes, trials, oneSided), upperBound(successes, trials, oneSided), confidence);
    }

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    static double standardNormalQuantile(double p) {
        return STANDARD_NORMAL.inverseCumulativeProbability(p);
    }

    private static double wilson(long successes, long trials, double z, int side) {
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        double bound = centre + side * half;
        // At p = 0 or 1 the exact bound is 0 or 1; avoid -1e-17 style rounding.
        if (side < 0 && successes == 0) {
            return 0.0;
        }
        if (side > 0 && successes == trials) {
            return 1.0;
        }
        return Math.min(1.0, Math.max(0.0, bound));
    }

    private static void check(long successes, long trials, double confidence) {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("need 0 <= successes <= trials, got " + successes + "/" + trials);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1)");
        }
    }
}
