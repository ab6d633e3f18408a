package org.vigie.drift.domain;

/** The drift tests and distances Vigie computes; the name appears in a signal's evidence. */
public enum DriftTest {
    /** Two-sample KS: statistic D = sup |F_window - F_reference|; effect size D. */
    KOLMOGOROV_SMIRNOV,
    /** Population stability index over equal-mass reference bins (or categories); no p-value. */
    POPULATION_STABILITY_INDEX,
    /** Wasserstein-1 distance divided by the reference standard deviation; no p-value. */
    WASSERSTEIN,
    /** Jensen–Shannon distance, base 2, in [0, 1]; no p-value. */
    JENSEN_SHANNON,
    /** Pearson chi-square (homogeneity, or goodness of fit when the reference is exact); effect size Cramér's V. */
    CHI_SQUARE
}
