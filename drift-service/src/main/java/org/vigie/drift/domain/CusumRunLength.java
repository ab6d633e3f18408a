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
    private static final int MAX_STATES = 40_000;

    private CusumRunLength() {
    }

    /**
     * ARL of the one-sided CUSUM tuned from p0 to p1, with threshold h, when the true event rate
     * is {@code pTrue} (pTrue = p0: in-control ARL, the mean time to a false alarm; pTrue = p1:
     * the mean detection delay from a fresh start).
     */
    public static double averageRunLength(double p0, double p1, double h, double pTrue) {
        return averageRunLength(p0, p1, h, pTrue, MIN_UNITS_SMALL_STEP);
    }

    /** As {@link #averageRunLength(double, double, double, double)} with the small step on {@code units} grid units. */
    static double averageRunLength(double p0, double p1, double h, double pTrue, int units) {
        double onEvent = Math.log(p1 / p0);
        double onNonEvent = Math.log((1 - p1) / (1 - p0));
        // Identify the upward step and the probability of taking it.
        double up = Math.max(onEvent, onNonEvent);
        double down = Math.min(onEvent, onNonEvent);
        double pUp = onEvent > 0 ? pTrue : 1 - pTrue;
        double small = Math.min(up, -down);
        double large = Math.max(up, -down);
        // Memory and time are O(states · (up + down)): beyond MAX_STATES the grid is coarsened (only in extreme
        // designs: ARL far above 10^8, or a chart whose in-control drift is nearly zero).
        double delta = Math.max(Math.max(small / units, large / MAX_UNITS_LARGE_STEP), h / MAX_STATES);
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
     * Smallest threshold h at which the chart tuned from p0 to p1 has ARL ≥ {@code targetArl} when the true
     * in-control rate is {@code pTrue} (≥ p0: a chart centred on an estimate p0, guarded against the true rate
     * being as high as pTrue). Secant steps on ln ARL, which is nearly linear in h, inside a bracket; 0.5 % on ARL.
     * Returns NaN when the chart's expected step under pTrue is not negative (the ARL would grow only linearly
     * in h: the chart cannot separate pTrue from p1).
     */
    public static double thresholdFor(double p0, double p1, double targetArl, double pTrue) {
        double onEvent = Math.log(p1 / p0);
        double onNonEvent = Math.log((1 - p1) / (1 - p0));
        if (pTrue * onEvent + (1 - pTrue) * onNonEvent >= 0) {
            return Double.NaN;
        }
        // A coarse grid (small step on 4 units, ~25× cheaper) finds the threshold to within a few per cent; the
        // search then brackets it at full resolution.
        double coarse = search(p0, p1, targetArl, pTrue, 4, 0.05, 0, 1, Math.max(1.0, Math.log(targetArl) / 2));
        double lo = 0.9 * coarse;
        double arlLo = averageRunLength(p0, p1, lo, pTrue);
        double hi = 1.1 * coarse;
        double arlHi = averageRunLength(p0, p1, hi, pTrue);
        if (arlLo >= targetArl || arlHi < targetArl) {
            return search(p0, p1, targetArl, pTrue, MIN_UNITS_SMALL_STEP, 5e-3, 0, 1, coarse);
        }
        return refine(p0, p1, targetArl, pTrue, MIN_UNITS_SMALL_STEP, 5e-3, lo, arlLo, hi, arlHi);
    }

    private static double search(double p0, double p1, double targetArl, double pTrue, int units, double tolerance,
                                 double lo, double arlLo, double start) {
        double hi = start;
        double arlHi = averageRunLength(p0, p1, hi, pTrue, units);
        while (arlHi < targetArl) {
            lo = hi;
            arlLo = arlHi;
            hi *= 2;
            arlHi = averageRunLength(p0, p1, hi, pTrue, units);
        }
        return refine(p0, p1, targetArl, pTrue, units, tolerance, lo, arlLo, hi, arlHi);
    }

    private static double refine(double p0, double p1, double targetArl, double pTrue, int units, double tolerance,
                                 double lo, double arlLo, double hi, double arlHi) {
        double goal = Math.log(targetArl);
        for (int i = 0; i < 40; i++) {
            double a = Math.log(arlLo);
            double b = Math.log(arlHi);
            double mid = lo + (goal - a) / (b - a) * (hi - lo);
            mid = Math.min(hi - 0.02 * (hi - lo), Math.max(lo + 0.02 * (hi - lo), mid));
            double arl = averageRunLength(p0, p1, mid, pTrue, units);
            if (Math.abs(arl - targetArl) < tolerance * targetArl) {
                return arl >= targetArl ? mid : mid * (1 + 1e-3);
            }
            if (arl < targetArl) {
                lo = mid;
                arlLo = arl;
            } else {
                hi = mid;
                arlHi = arl;
            }
            if (hi - lo < 1e-6 * hi) {
                break;
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
