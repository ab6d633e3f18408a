package org.vigie.drift.domain;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.FisherExactTest;

/**
 * Two-sided comparison of two proportions x1/n1 and x2/n2 (a subgroup's TPR against the rest's,
 * an override rate against its baseline). The pooled two-proportion z-test is used when every
 * expected cell of the 2 × 2 table is at least 5 (Cochran's rule); otherwise Fisher's exact test,
 * whose p-value stays valid for small counts.
 */
public record ProportionComparison(long x1, long n1, long x2, long n2, double difference, double statistic,
                                   double pValue, Method method) {

    public enum Method { POOLED_Z_TEST, FISHER_EXACT }

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    public static ProportionComparison compare(long x1, long n1, long x2, long n2) {
        if (n1 <= 0 || n2 <= 0 || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2) {
            throw new IllegalArgumentException("need 0 <= x <= n and n > 0");
        }
        double difference = (double) x1 / n1 - (double) x2 / n2;
        double pooled = (double) (x1 + x2) / (n1 + n2);
        double minExpected = Math.min(Math.min(n1, n2) * pooled, Math.min(n1, n2) * (1 - pooled));
        if (minExpected < 5) {
            int[][] table = {{Math.toIntExact(x1), Math.toIntExact(n1 - x1)}, {Math.toIntExact(x2), Math.toIntExact(n2 - x2)}};
            double p = FisherExactTest.withDefaults().test(table).getPValue();
            return new ProportionComparison(x1, n1, x2, n2, difference, Double.NaN, p, Method.FISHER_EXACT);
        }
        double z = difference / Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        double p = Math.min(1.0, 2 * STANDARD_NORMAL.survivalProbability(Math.abs(z)));
        return new ProportionComparison(x1, n1, x2, n2, difference, z, p, Method.POOLED_Z_TEST);
    }
}
