package org.vigie.drift.domain;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reference category frequencies with the size of the sample they were measured on. A sample
 * size of 0 means "known proportions" (no sampling error on the reference side), which turns
 * the chi-square test from homogeneity into goodness of fit.
 */
public final class CategoricalReference {

    private final Map<String, Double> proportions;
    private final long sampleSize;

    private CategoricalReference(Map<String, Double> proportions, long sampleSize) {
        this.proportions = Collections.unmodifiableMap(proportions);
        this.sampleSize = sampleSize;
    }

    public static CategoricalReference fromCounts(Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        if (total <= 0) {
            throw new IllegalArgumentException("reference counts must not be empty");
        }
        Map<String, Double> p = new TreeMap<>();
        counts.forEach((k, v) -> p.put(k, (double) v / total));
        return new CategoricalReference(p, total);
    }

    /** Proportions (renormalised to sum to 1) measured on {@code sampleSize} cases; 0 if exactly known. */
    public static CategoricalReference fromProportions(Map<String, Double> proportions, long sampleSize) {
        double total = proportions.values().stream().mapToDouble(Double::doubleValue).sum();
        if (!(total > 0)) {
            throw new IllegalArgumentException("reference proportions must sum to > 0");
        }
        Map<String, Double> p = new TreeMap<>();
        proportions.forEach((k, v) -> p.put(k, v / total));
        return new CategoricalReference(p, sampleSize);
    }

    public static CategoricalReference fromBaseline(CategoricalSummary baseline) {
        return fromCounts(baseline.counts());
    }

    public Map<String, Double> proportions() {
        return proportions;
    }

    public double proportion(String category) {
        return proportions.getOrDefault(category, 0.0);
    }

    public long sampleSize() {
        return sampleSize;
    }
}
