package org.vigie.observatory.domain;

import java.util.OptionalLong;

/**
 * A count as it leaves the observatory: either shown, or marked {@code suppressed} with no value
 * at all. A suppressed count carries no number so that no serialiser, log line or CSV writer can
 * leak it by accident.
 */
public record PublishedCount(Long count, boolean suppressed) {

    private static final PublishedCount SUPPRESSED = new PublishedCount(null, true);

    public PublishedCount {
        if (suppressed && count != null) {
            throw new IllegalArgumentException("a suppressed count carries no value");
        }
        if (!suppressed && count == null) {
            throw new IllegalArgumentException("a shown count needs a value");
        }
        if (count != null && count < 0) {
            throw new IllegalArgumentException("a count is never negative: " + count);
        }
    }

    public static PublishedCount shown(long count) {
        return new PublishedCount(count, false);
    }

    public static PublishedCount suppressedCount() {
        return SUPPRESSED;
    }

    public OptionalLong value() {
        return suppressed ? OptionalLong.empty() : OptionalLong.of(count);
    }

    @Override
    public String toString() {
        return suppressed ? "suppressed" : Long.toString(count);
    }
}
