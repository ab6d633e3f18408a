package org.vigie.alert.domain.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When to retry a failed webhook delivery: exponential backoff with full jitter, for at least a horizon of time,
 * then dead-letter.
 *
 * <p>The n-th retry waits a uniformly random time in [minimum, min(cap, base × 2^(n-1))] ("full jitter", AWS
 * Architecture Blog, 2015): when a receiver comes back after an outage, the hundreds of deliveries queued for it
 * spread out instead of arriving in synchronised waves. The small minimum keeps a retry from firing the same
 * millisecond as the failure, which could not have helped.
 *
 * <p>Giving up is decided by elapsed time, not by attempt count, because jitter makes the time a number of
 * attempts covers random. After a failure at time t: if t − first attempt is still within the horizon, retry;
 * otherwise dead-letter. So the last attempt is always made at or after the horizon: a receiver that is down for
 * less than the horizon (24 hours by default, as the issue asks) always gets the delivery.
 */
public final class RetrySchedule {

    public static final Duration DEFAULT_BASE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CAP = Duration.ofHours(1);
    public static final Duration DEFAULT_HORIZON = Duration.ofHours(24);
    public static final Duration DEFAULT_MINIMUM = Duration.ofSeconds(1);

    private final Duration base;
    private final Duration cap;
    private final Duration horizon;
    private final Duration minimum;
    private final RandomGenerator random;

    public RetrySchedule(Duration base, Duration cap, Duration horizon, Duration minimum, RandomGenerator random) {
        this.base = positive(base, "base");
        this.cap = positive(cap, "cap");
        this.horizon = positive(horizon, "horizon");
        this.minimum = Objects.requireNonNull(minimum, "minimum");
        this.random = Objects.requireNonNull(random, "random");
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("cap " + cap + " is below base " + base);
        }
        if (minimum.isNegative() || minimum.compareTo(base) > 0) {
            throw new IllegalArgumentException("minimum must be between 0 and base");
        }
    }

    /** 5 s base, 1 h cap, 24 h horizon, 1 s minimum; pass a seeded {@link java.util.Random} in tests. */
    public static RetrySchedule defaults(RandomGenerator random) {
        return new RetrySchedule(DEFAULT_BASE, DEFAULT_CAP, DEFAULT_HORIZON, DEFAULT_MINIMUM, random);
    }

    /** The upper bound of the wait before retry {@code n} (n ≥ 1): min(cap, base × 2^(n-1)). */
    public Duration ceiling(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries are numbered from 1");
        }
        int shift = retry - 1;
        // Past 2^40 × base any sane cap is reached; stop shifting before the multiplication can overflow.
        if (shift >= 40) {
            return cap;
        }
        long millis = base.toMillis();
        long scaled = millis << shift;
        return scaled / (1L << shift) != millis || scaled > cap.toMillis() ? cap : Duration.ofMillis(scaled);
    }

    /** A random wait before retry {@code n}, uniform in [minimum, ceiling(n)]. */
    public Duration delayBefore(int retry) {
        long high = ceiling(retry).toMillis();
        long low = minimum.toMillis();
        return Duration.ofMillis(low + (long) (random.nextDouble() * (high - low + 1)));
    }

    /**
     * What to do after attempt number {@code attemptsMade} (1 for the first try) failed at {@code failedAt}.
     *
     * @param firstAttemptAt when the delivery was first tried; the horizon counts from here, so a crash and
     *                       restart does not reset it (the outbox row keeps it)
     */
    public RetryDecision afterFailure(Instant firstAttemptAt, int attemptsMade, Instant failedAt) {
        if (attemptsMade < 1) {
            throw new IllegalArgumentException("a failure follows at least one attempt");
        }
        Duration elapsed = Duration.between(firstAttemptAt, failedAt);
        if (elapsed.compareTo(horizon) >= 0) {
            return new RetryDecision.DeadLetter(attemptsMade,
                    "still failing after " + attemptsMade + " attempts over " + elapsed.toMinutes() + " min (horizon "
                            + horizon.toHours() + " h)");
        }
        return new RetryDecision.RetryAt(failedAt.plus(delayBefore(attemptsMade)), attemptsMade + 1);
    }

    public Duration horizon() {
        return horizon;
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }
}
