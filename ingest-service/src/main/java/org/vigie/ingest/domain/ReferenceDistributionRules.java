package org.vigie.ingest.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Checks on what a manufacturer declares at registration — reference distributions, performance
 * claims, feature names — before drift detection relies on them. A non-monotone quantile sketch or
 * frequencies that do not sum to one would make every later drift statistic meaningless, and a
 * claim of "sensitivity ≥ 1.3" can never be monitored; better refused at the door with a pointer.
 *
 * <p>Inputs are plain values so that these rules do not depend on how the registration contract
 * is modelled; every problem carries a JSON pointer relative to the object checked, which the
 * caller prefixes with that object's own pointer.
 */
public final class ReferenceDistributionRules {

    /** Default tolerance on the sum of category frequencies: declared shares are often rounded. */
    public static final double DEFAULT_FREQUENCY_TOLERANCE = 1e-3;

    /** One problem: where (relative JSON pointer) and what. */
    public record Problem(String pointer, String detail) {
    }

    /** A quantile sketch: {@code values[i]} is the {@code probabilities[i]}-quantile. */
    public record Quantiles(List<Double> probabilities, List<Double> values) {
    }

    /** A categorical reference: category names and their frequencies, in the same order. */
    public record CategoryFrequencies(List<String> categories, List<Double> frequencies) {
    }

    /** Performance metrics a manufacturer may claim, all on a [0, 1] scale. */
    public enum Metric {
        SENSITIVITY, SPECIFICITY, PPV, NPV, AUC, ECE, BRIER;

        /** Whether a larger value is better: the claim is a floor for these, a ceiling for ECE and Brier. */
        public boolean higherIsBetter() {
            return this != ECE && this != BRIER;
        }

        public static Metric parse(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("metric is required: one of " + List.of(values()));
            }
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown metric; use one of sensitivity, specificity, ppv, npv, auc, ece, brier");
            }
        }
    }

    private final double frequencyTolerance;

    public ReferenceDistributionRules() {
        this(DEFAULT_FREQUENCY_TOLERANCE);
    }

    public ReferenceDistributionRules(double frequencyTolerance) {
        if (!(frequencyTolerance >= 0 && frequencyTolerance < 1)) {
            throw new IllegalArgumentException("frequency tolerance must be in [0, 1), got " + frequencyTolerance);
        }
        this.frequencyTolerance = frequencyTolerance;
    }

    /**
     * Probabilities in [0, 1] and strictly increasing; values finite and non-decreasing (a
     * quantile function never goes down); as many values as probabilities; at least one.
     */
    public List<Problem> checkQuantiles(Quantiles quantiles) {
        Objects.requireNonNull(quantiles, "quantiles");
        List<Problem> problems = new ArrayList<>();
        List<Double> p = quantiles.probabilities();
        List<Double> v = quantiles.values();
        if (p == null || p.isEmpty()) {
            problems.add(new Problem("/probabilities", "at least one quantile is required"));
            return problems;
        }
        if (v == null || v.size() != p.size()) {
            problems.add(new Problem("/values", "needs one value per probability: " + p.size() + " probabilities, "
                    + (v == null ? 0 : v.size()) + " values"));
            return problems;
        }
        for (int i = 0; i < p.size(); i++) {
            Double pi = p.get(i);
            if (pi == null || !(pi >= 0.0 && pi <= 1.0)) {
                problems.add(new Problem("/probabilities/" + i, "probability must be in [0, 1], got " + pi));
            } else if (i > 0 && p.get(i - 1) != null && !(pi > p.get(i - 1))) {
                problems.add(new Problem("/probabilities/" + i, "probabilities must be strictly increasing: "
                        + p.get(i - 1) + " then " + pi));
            }
            Double vi = v.get(i);
            if (vi == null || !Double.isFinite(vi)) {
                problems.add(new Problem("/values/" + i, "quantile value must be a finite number, got " + vi));
            } else if (i > 0 && v.get(i - 1) != null && Double.isFinite(v.get(i - 1)) && vi < v.get(i - 1)) {
                problems.add(new Problem("/values/" + i, "quantile values must be non-decreasing: "
                        + v.get(i - 1) + " then " + vi));
            }
        }
        return problems;
    }

    /** Frequencies finite and non-negative, summing to 1 within the tolerance; categories named once. */
    public List<Problem> checkCategoryFrequencies(CategoryFrequencies reference) {
        Objects.requireNonNull(reference, "reference");
        List<Problem> problems = new ArrayList<>();
        List<String> categories = reference.categories();
        List<Double> frequencies = reference.frequencies();
        if (categories == null || categories.isEmpty()) {
            problems.add(new Problem("/categories", "at least one category is required"));
            return problems;
        }
        if (frequencies == null || frequencies.size() != categories.size()) {
            problems.add(new Problem("/frequencies", "needs one frequency per category: " + categories.size()
                    + " categories, " + (frequencies == null ? 0 : frequencies.size()) + " frequencies"));
            return problems;
        }
        problems.addAll(uniqueNames("/categories", categories, "category"));
        double sum = 0;
        boolean allFinite = true;
        for (int i = 0; i < frequencies.size(); i++) {
            Double f = frequencies.get(i);
            if (f == null || !Double.isFinite(f) || f < 0) {
                problems.add(new Problem("/frequencies/" + i, "frequency must be a finite number ≥ 0, got " + f));
                allFinite = false;
            } else {
                sum += f;
            }
        }
        if (allFinite && Math.abs(sum - 1.0) > frequencyTolerance) {
            problems.add(new Problem("/frequencies", "frequencies must sum to 1 (± " + frequencyTolerance + "), got " + sum));
        }
        return problems;
    }

    /** A claimed threshold must be a number the metric can take: [0, 1] for every metric here. */
    public List<Problem> checkClaim(Metric metric, double threshold) {
        Objects.requireNonNull(metric, "metric");
        if (!Double.isFinite(threshold) || threshold < 0.0 || threshold > 1.0) {
            return List.of(new Problem("/threshold", metric.name().toLowerCase(Locale.ROOT)
                    + " is between 0 and 1; a claimed threshold of " + threshold + " cannot be monitored"));
        }
        return List.of();
    }

    /** Feature names non-blank and unique (two features of the same name would share one drift statistic). */
    public List<Problem> checkFeatureNames(List<String> featureNames) {
        Objects.requireNonNull(featureNames, "featureNames");
        return uniqueNames("", featureNames, "feature name");
    }

    private static List<Problem> uniqueNames(String base, List<String> names, String what) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name == null || name.isBlank()) {
                problems.add(new Problem(base + "/" + i, what + " must not be blank"));
                continue;
            }
            Integer previous = firstIndex.putIfAbsent(name.strip(), i);
            if (previous != null) {
                problems.add(new Problem(base + "/" + i, what + " '" + name.strip() + "' repeats " + base + "/" + previous));
            }
        }
        return problems;
    }
}
