package org.vigie.drift.domain;

import java.util.Arrays;

/**
 * Equal-mass bins of the reference distribution (deciles by default), used to turn two numeric
 * distributions into two discrete ones for PSI and Jensen–Shannon. Edges come from the
 * reference so that the binning does not move with the window being judged.
 */
final class ReferenceBins {

    private ReferenceBins() {
    }

    static double[] edges(NumericReference reference, int bins) {
        if (bins < 2) {
            throw new IllegalArgumentException("need at least 2 bins");
        }
        double[] edges = new double[bins - 1];
        int m = 0;
        for (int j = 1; j < bins; j++) {
            double e = reference.quantile((double) j / bins);
            if (m == 0 || e > edges[m - 1]) {
                edges[m++] = e;
            }
        }
        return Arrays.copyOf(edges, m);
    }

    /** Mass of (-inf, e1], (e1, e2], ..., (e_last, +inf) under {@code cdf}. */
    static double[] proportions(StepCdf cdf, double[] edges) {
        double[] p = new double[edges.length + 1];
        double previous = 0;
        for (int j = 0; j < edges.length; j++) {
            double f = cdf.at(edges[j]);
            p[j] = Math.max(0.0, f - previous);
            previous = f;
        }
        p[edges.length] = Math.max(0.0, 1.0 - previous);
        return p;
    }
}
