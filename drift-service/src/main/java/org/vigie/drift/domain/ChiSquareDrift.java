package org.vigie.drift.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Pearson chi-square test of a categorical window against its reference.
 *
 * <p>With a reference sample size the test is one of homogeneity on the 2 × K table (window
 * counts, reference counts) — the reference is a sample too, and treating it as exact would
 * overstate significance. With a reference size of 0 (exact proportions) it is goodness of fit,
 * with expected proportions floored at 1e-6 so that a new category yields a huge, finite
 * statistic. Categories empty on both sides are dropped. Effect size: Cramér's V (homogeneity)
 * or Cohen's w (goodness of fit), both √(χ² / N).
 */
public final class ChiSquareDrift {

    private static final double EXPECTED_FLOOR = 1e-6;

    private ChiSquareDrift() {
    }

    public static DriftTestResult test(CategoricalSummary window, CategoricalReference reference) {
        long n = window.count();
        if (n == 0) {
            return new DriftTestResult(DriftTest.CHI_SQUARE, Double.NaN, Double.NaN, Double.NaN, 0, reference.sampleSize());
        }
        Map<String, Long> counts = window.counts();
        TreeSet<String> categories = new TreeSet<>(counts.keySet());
        categories.addAll(reference.proportions().keySet());
        List<long[]> columns = new ArrayList<>();
        List<Double> expected = new ArrayList<>();
        long referenceSize = reference.sampleSize();
        for (String c : categories) {
            long observed = counts.getOrDefault(c, 0L);
            double p = reference.proportion(c);
            long referenceCount = Math.round(p * referenceSize);
            if (observed > 0 || (referenceSize > 0 ? referenceCount > 0 : p > 0)) {
                columns.add(new long[] {observed, referenceCount});
                expected.add(p);
            }
        }
        return referenceSize > 0 ? homogeneity(columns, n, referenceSize) : goodnessOfFit(columns, expected, n);
    }

    /** Chi-square homogeneity test of a 2 × K table given as columns {window, reference}. */
    static DriftTestResult homogeneity(List<long[]> columns, long windowTotal, long referenceTotal) {
        double grand = (double) windowTotal + referenceTotal;
        double statistic = 0;
        int usedColumns = 0;
        for (long[] column : columns) {
            double columnTotal = (double) column[0] + column[1];
            if (columnTotal == 0) {
                continue;
            }
            usedColumns++;
            double e0 = windowTotal * columnTotal / grand;
            double e1 = referenceTotal * columnTotal / grand;
            statistic += (column[0] - e0) * (column[0] - e0) / e0 + (column[1] - e1) * (column[1] - e1) / e1;
        }
        return result(statistic, usedColumns - 1, Math.sqrt(statistic / grand), windowTotal, referenceTotal);
    }

    private static DriftTestResult goodnessOfFit(List<long[]> columns, List<Double> expected, long n) {
        double statistic = 0;
        for (int i = 0; i < columns.size(); i++) {
            double e = Math.max(expected.get(i), EXPECTED_FLOOR) * n;
            double d = columns.get(i)[0] - e;
            statistic += d * d / e;
        }
        return result(statistic, columns.size() - 1, Math.sqrt(statistic / n), n, 0);
    }

    private static DriftTestResult result(double statistic, int degreesOfFreedom, double effect, long n, long referenceSize) {
        double p = degreesOfFreedom < 1 ? 1.0 : ChiSquaredDistribution.of(degreesOfFreedom).survivalProbability(statistic);
        return new DriftTestResult(DriftTest.CHI_SQUARE, statistic, p, effect, n, referenceSize);
    }
}
