package org.vigie.observatory.domain;

import java.util.OptionalDouble;

/**
 * A rate as published: a value in [0, 1], or {@code suppressed} (derived from a masked count, or
 * revealing one), or undefined (denominator zero: "no decisions yet" is not 0 %).
 */
public record PublishedRate(Double value, boolean suppressed) {

    public PublishedRate {
        if (suppressed && value != null) {
            throw new IllegalArgumentException("a suppressed rate carries no value");
        }
    }

    public static PublishedRate shown(double value) {
        return new PublishedRate(value, false);
    }

    public static PublishedRate suppressedRate() {
        return new PublishedRate(null, true);
    }

    public static PublishedRate undefined() {
        return new PublishedRate(null, false);
    }

    public OptionalDouble asOptional() {
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }
}
