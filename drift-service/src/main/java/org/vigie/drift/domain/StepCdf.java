package org.vigie.drift.domain;

import java.util.Arrays;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

/**
 * A cumulative distribution function given by knots (x ascending, F non-decreasing), either a
 * right-continuous step function (an empirical or sketched sample) or linear between knots (a
 * declared quantile table). Every distance of the drift tests works on two of these, so a
 * sketched window and a reference are compared with one piece of code.
 */
final class StepCdf {

    private final double[] x;
    private final double[] f;
    private final boolean linear;

    private StepCdf(double[] x, double[] f, boolean linear) {
        this.x = x;
        this.f = f;
        this.linear = linear;
    }

    /** Right-continuous step CDF of weighted, sorted items (duplicates collapsed). */
    static StepCdf ofSortedView(DoublesSortedView view) {
        if (view.isEmpty()) {
            return new StepCdf(new double[0], new double[0], false);
        }
        return ofSortedWeighted(view.getQuantiles(), view.getCumulativeWeights(), view.getN());
    }

    static StepCdf ofSortedWeighted(double[] items, long[] cumulativeWeights, long total) {
        double[] xs = new double[items.length];
        double[] fs = new double[items.length];
        int m = 0;
        for (int i = 0; i < items.length; i++) {
            if (m > 0 && xs[m - 1] == items[i]) {
                fs[m - 1] = (double) cumulativeWeights[i] / total;
            } else {
                xs[m] = items[i];
                fs[m] = (double) cumulativeWeights[i] / total;
                m++;
            }
        }
        return new StepCdf(Arrays.copyOf(xs, m), Arrays.copyOf(fs, m), false);
    }

    static StepCdf empirical(double[] sample) {
        double[] sorted = sample.clone();
        Arrays.sort(sorted);
        long[] cw = new long[sorted.length];
        for (int i = 0; i < cw.length; i++) {
            cw[i] = i + 1L;
        }
        return ofSortedWeighted(sorted, cw, sorted.length);
    }

    /** Linear interpolation between (value, probability) knots; probabilities must start at 0 and end at 1. */
    static StepCdf linear(double[] probabilities, double[] values) {
        if (probabilities.length != values.length || values.length < 2) {
            throw new IllegalArgumentException("need at least two (probability, value) knots of equal length");
        }
        if (probabilities[0] != 0.0 || probabilities[probabilities.length - 1] != 1.0) {
            throw new IllegalArgumentException("quantile table must span probability 0 (minimum) to 1 (maximum)");
        }
        for (int i = 1; i < values.length; i++) {
            if (values[i] < values[i - 1] || probabilities[i] < probabilities[i - 1]) {
                throw new IllegalArgumentException("quantile table must be non-decreasing");
            }
        }
        return new StepCdf(values.clone(), probabilities.clone(), true);
    }

    boolean isEmpty() {
        return x.length == 0;
    }

    /** Whether this is a declared quantile table (known at its knots only, linear between them by assumption). */
    boolean isLinear() {
        return linear;
    }

    double[] knots() {
        return x;
    }

    /** F(z) = P(X <= z). */
    double at(double z) {
        int i = lastIndexAtOrBelow(z);
        if (i < 0) {
            return 0.0;
        }
        if (!linear || i == x.length - 1) {
            return f[i];
        }
        return interpolate(i, z);
    }

    /** F(z-) = P(X < z). */
    double before(double z) {
        int i = lastIndexBelow(z);
        if (i < 0) {
            return 0.0;
        }
        if (!linear || i == x.length - 1) {
            return f[i];
        }
        return interpolate(i, z);
    }

    /** Smallest z with F(z) >= p (for linear tables, the interpolated inverse). */
    double quantile(double p) {
        if (x.length == 0) {
            return Double.NaN;
        }
        if (p <= 0) {
            return x[0];
        }
        int i = 0;
        while (i < f.length && f[i] < p) {
            i++;
        }
        if (i >= f.length) {
            return x[x.length - 1];
        }
        if (!linear || i == 0 || f[i] == f[i - 1]) {
            return x[i];
        }
        return x[i - 1] + (x[i] - x[i - 1]) * (p - f[i - 1]) / (f[i] - f[i - 1]);
    }

    private double interpolate(int i, double z) {
        double width = x[i + 1] - x[i];
        if (width <= 0) {
            return f[i];
        }
        return f[i] + (f[i + 1] - f[i]) * (z - x[i]) / width;
    }

    private int lastIndexAtOrBelow(double z) {
        int lo = 0;
        int hi = x.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (x[mid] <= z) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private int lastIndexBelow(double z) {
        int lo = 0;
        int hi = x.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (x[mid] < z) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Sorted union of the knots of two CDFs: the only places where the sup or the integrand changes shape. */
    static double[] unionOfKnots(StepCdf a, StepCdf b) {
        double[] u = new double[a.x.length + b.x.length];
        System.arraycopy(a.x, 0, u, 0, a.x.length);
        System.arraycopy(b.x, 0, u, a.x.length, b.x.length);
        Arrays.sort(u);
        int m = 0;
        for (int i = 0; i < u.length; i++) {
            if (m == 0 || u[i] != u[m - 1]) {
                u[m++] = u[i];
            }
        }
        return Arrays.copyOf(u, m);
    }
}
