package org.vigie.drift.domain;

/**
 * Average run length (ARL) of a one-sided Bernoulli CUSUM, by the Markov-chain method of Brook
 * and Evans (1972), and the threshold that achieves a target in-control ARL.
 *
 * <p>Method. The CUSUM S ← max(0, S + llr) moves by one of two log-likelihood-ratio steps: a
 * rare large step u &gt; 0 and a frequent small step d &lt; 0 (or the reverse for the lower
 * side). Both are put on a common grid δ (the smaller step gets ≥ 20 grid units, the larger at
 * most 400) so the statistic becomes an integer chain on 0 … H−1 with H = ⌈h/δ⌉ and H absorbing.
 * The expected time to absorption from 0 solves (I − Q)·L = 1. Q is banded (a state moves at most
 * U up or B down), so banded Gaussian elimination costs O(H·U·B) instead of O(H³); I − Q is a
 * non-singular M-matrix, so elimination without pivoting is stable. The rounding of the steps
 * (≤ 2.5 % of the small step) is the only approximation; the tests check the ARL against
 * simulation.
 */
public final class CusumRunLength {

    private static final int MIN_UNITS_SMALL_STEP = 20;
    private static final int MAX_UNITS_LARGE_STEP = 400;

    private CusumRunLength() {
    }

    /**
     * ARL of the one-sided CUSUM tuned from p0 to p1, with threshold h, when the true event rate
     * is {@code pTrue} (pTrue = p0: in-control ARL, the mean time to a false alarm; pTrue = p1:
     * the mean detection delay from a fresh start).
     */
    public static double averageRunLength(double p0, double p1, double h, double pTrue) {
        double onEvent = Math.log(p1 / p0);
        double onNonEvent = Math.log((1 - p1) / (1 - p0));
        // Identify the upward step and the probability of taking it.
        double up = Math.max(onEvent, onNonEvent);
        double down = Math.min(onEvent, onNonEvent);
        double pUp = onEvent > 0 ? pTrue : 1 - pTrue;
        double small = Math.min(up, -down);
        double large = Math.max(up, -down);
        double delta = Math.max(small / MIN_UNITS_SMALL_STEP, large / MAX_UNITS_LARGE_STEP);
        int unitsUp = Math.max(1, (int) Math.round(up / delta));
        int unitsDown = Math.max(1, (int) Math.round(-down / delta));
        int states = Math.max(1, (int) Math.ceil(h / delta));
        return solveBanded(states, unitsUp, unitsDown, pUp);
    }

    /** Smallest threshold whose in-control ARL reaches {@code targetArl} (bisection, 0.1 % on ARL). */
    public static double thresholdFor(double p0, double p1, double targetArl) {
        if (targetArl <= 1) {
            throw new IllegalArgumentException("target ARL must be > 1");
        }
        double lo = 0;
        double hi = 1;
        while (averageRunLength(p0, p1, hi, p0) < targetArl) {
            lo = hi;
            hi *= 2;
        }
        for (int i = 0; i < 60 && hi - lo > 1e-6 * hi; i++) {
            double mid = (lo + hi) / 2;
            double arl = averageRunLength(p0, p1, mid, p0);
            if (arl < targetArl) {
                lo = mid;
            } else {
                hi = mid;
            }
            if (Math.abs(arl - targetArl) < 1e-3 * targetArl) {
                return mid;
            }
        }
        return hi;
    }

    /**
     * Expected steps to reach state ≥ states from 0 for the chain i → i + up (probability pUp),
     * i → max(0, i − down) otherwise.
     */
    static double solveBanded(int states, int up, int down, double pUp) {
        int width = down + up + 1;
        double[] band = new double[states * width];
        double[] rhs = new double[states];
        // band[i * width + (j - i + down)] holds (I - Q)[i][j]
        for (int i = 0; i < states; i++) {
            band[i * width + down] += 1.0;
            int j = i + up;
            if (j < states) {
                band[i * width + (j - i + down)] -= pUp;
            }
            int k = Math.max(0, i - down);
            band[i * width + (k - i + down)] -= 1 - pUp;
            rhs[i] = 1.0;
        }
        for (int k = 0; k < states; k++) {
            double pivot = band[k * width + down];
            int lastRow = Math.min(states - 1, k + down);
            int lastCol = Math.min(states - 1, k + up);
            for (int i = k + 1; i <= lastRow; i++) {
                double a = band[i * width + (k - i + down)];
                if (a == 0) {
                    continue;
                }
                double factor = a / pivot;
                for (int j = k; j <= lastCol; j++) {
                    band[i * width + (j - i + down)] -= factor * band[k * width + (j - k + down)];
                }
                rhs[i] -= factor * rhs[k];
            }
        }
        double[] x = new double[states];
        for (int i = states - 1; i >= 0; i--) {
            double s = rhs[i];
            int lastCol = Math.min(states - 1, i + up);
            for (int j = i + 1; j <= lastCol; j++) {
                s -= band[i * width + (j - i + down)] * x[j];
            }
            x[i] = s / band[i * width + down];
        }
        return x[0];
    }
}
