package org.vigie.observatory.domain;

import java.util.Objects;

/**
 * Rates the observatory publishes — accepted / overridden / ignored shares of clinician decisions,
 * labelled share of inferences — with the masking that small-cell suppression requires.
 *
 * <p>A rate is masked when its numerator or its denominator is masked: a rate and one of its
 * counts give the other back. It is also masked when the shown counts differ by 1..threshold−1:
 * "95 of 100 accepted" publishes the 5 that were not, whether or not that 5 appears in a table.
 */
public final class Rate {

    private final int threshold;

    public Rate() {
        this(SmallCellSuppression.DEFAULT_THRESHOLD);
    }

    public Rate(int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1, got " + threshold);
        }
        this.threshold = threshold;
    }

    /** Clinician decisions on AI outputs, each a published count; {@code decisions} is their total. */
    public record UsageRates(PublishedRate accepted, PublishedRate overridden, PublishedRate ignored) {
    }

    /** {@code numerator / denominator}, masked as described above. */
    public PublishedRate share(PublishedCount numerator, PublishedCount denominator) {
        Objects.requireNonNull(numerator, "numerator");
        Objects.requireNonNull(denominator, "denominator");
        if (numerator.suppressed() || denominator.suppressed()) {
            return PublishedRate.suppressedRate();
        }
        long num = numerator.count();
        long den = denominator.count();
        if (num > den) {
            throw new IllegalArgumentException("a share cannot exceed its whole: " + num + " of " + den);
        }
        if (den == 0) {
            return PublishedRate.undefined();
        }
        long complement = den - num;
        if (complement >= 1 && complement < threshold) {
            return PublishedRate.suppressedRate();
        }
        return PublishedRate.shown((double) num / den);
    }

    /** Accepted, overridden and ignored rates over all decisions. */
    public UsageRates usage(PublishedCount accepted, PublishedCount overridden, PublishedCount ignored,
            PublishedCount decisions) {
        return new UsageRates(share(accepted, decisions), share(overridden, decisions), share(ignored, decisions));
    }

    /** Share of inferences whose ground truth (outcome) has arrived. */
    public PublishedRate labelledShare(PublishedCount labelled, PublishedCount inferences) {
        return share(labelled, inferences);
    }
}
