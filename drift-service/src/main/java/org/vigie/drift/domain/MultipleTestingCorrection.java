package org.vigie.drift.domain;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Corrections for testing many features or subgroups at once, as adjusted p-values (compare
 * each with the target level α or FDR q). NaN p-values (untested) stay NaN and do not count
 * towards the number of tests.
 */
public enum MultipleTestingCorrection {

    /** Family-wise error rate, p·m. */
    BONFERRONI {
        @Override
        double[] adjustFinite(double[] p) {
            int m = p.length;
            return Arrays.stream(p).map(v -> Math.min(1.0, v * m)).toArray();
        }
    },
    /** Family-wise error rate, step-down (Holm 1979): uniformly more powerful than Bonferroni. */
    HOLM {
        @Override
        double[] adjustFinite(double[] p) {
            int m = p.length;
            Integer[] order = ascending(p);
            double[] adjusted = new double[m];
            double running = 0;
            for (int r = 0; r < m; r++) {
                running = Math.max(running, Math.min(1.0, (m - r) * p[order[r]]));
                adjusted[order[r]] = running;
            }
            return adjusted;
        }
    },
    /** False discovery rate, step-up (Benjamini & Hochberg 1995). */
    BENJAMINI_HOCHBERG {
        @Override
        double[] adjustFinite(double[] p) {
            int m = p.length;
            Integer[] order = ascending(p);
            double[] adjusted = new double[m];
            double running = 1.0;
            for (int r = m - 1; r >= 0; r--) {
                running = Math.min(running, p[order[r]] * m / (r + 1));
                adjusted[order[r]] = running;
            }
            return adjusted;
        }
    };

    abstract double[] adjustFinite(double[] p);

    public double[] adjust(double[] pValues) {
        int[] tested = IntStream.range(0, pValues.length).filter(i -> !Double.isNaN(pValues[i])).toArray();
        double[] finite = new double[tested.length];
        for (int i = 0; i < tested.length; i++) {
            finite[i] = pValues[tested[i]];
        }
        double[] adjustedFinite = finite.length == 0 ? finite : adjustFinite(finite);
        double[] adjusted = new double[pValues.length];
        Arrays.fill(adjusted, Double.NaN);
        for (int i = 0; i < tested.length; i++) {
            adjusted[tested[i]] = adjustedFinite[i];
        }
        return adjusted;
    }

    /** Which hypotheses are rejected at level {@code alpha} (FWER or FDR depending on the method). */
    public boolean[] reject(double[] pValues, double alpha) {
        double[] adjusted = adjust(pValues);
        boolean[] rejected = new boolean[adjusted.length];
        for (int i = 0; i < adjusted.length; i++) {
            rejected[i] = adjusted[i] <= alpha;
        }
        return rejected;
    }

    private static Integer[] ascending(double[] p) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        return order;
    }
}
