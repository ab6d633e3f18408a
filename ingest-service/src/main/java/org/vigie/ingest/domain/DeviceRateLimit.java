package org.vigie.ingest.domain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per device, counted in events: each device may send {@code eventsPerSecond} on average and
 * up to {@code burst} at once. A post of n events takes n tokens, all or none: a refused post takes nothing,
 * and it is told how long until n tokens are there.
 *
 * <p>Per instance of the service, in memory: with k instances behind a balancer a device gets at most k times
 * the rate, which is what the limit is for (protect the edge and the broker from one runaway device), not a
 * quota to be billed. Memory is one small bucket per device that posted, and only devices holding a valid
 * token get here. Plain Java with an injectable clock, so that the arithmetic is tested without waiting.
 */
public final class DeviceRateLimit {

    private final double eventsPerSecond;
    private final long burst;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public DeviceRateLimit(double eventsPerSecond, long burst, LongSupplier nanoClock) {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("eventsPerSecond must be positive and finite, got " + eventsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, got " + burst);
        }
        this.eventsPerSecond = eventsPerSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    /** The verdict on one post: allowed, or refused with the whole seconds to wait (at least 1). */
    public record Decision(boolean allowed, long retryAfterSeconds) {
        static final Decision ALLOWED = new Decision(true, 0);
    }

    public long burst() {
        return burst;
    }

    /**
     * Takes {@code events} tokens from the device's bucket if it holds them all. A post larger than the burst can
     * never pass; the caller refuses it before asking (it is a 413, not a 429: waiting would not help).
     */
    public Decision tryAcquire(String deviceId, int events) {
        if (events <= 0) {
            return Decision.ALLOWED;
        }
        if (events > burst) {
            throw new IllegalArgumentException("a post of " + events + " events exceeds the burst of " + burst);
        }
        Bucket bucket = buckets.computeIfAbsent(deviceId, id -> new Bucket(burst, nanoClock.getAsLong()));
        synchronized (bucket) {
            bucket.refill(nanoClock.getAsLong(), eventsPerSecond, burst);
            if (bucket.tokens >= events) {
                bucket.tokens -= events;
                return Decision.ALLOWED;
            }
            double missing = events - bucket.tokens;
            return new Decision(false, Math.max(1, (long) Math.ceil(missing / eventsPerSecond)));
        }
    }

    /** Gives back tokens taken by a post that then wrote nothing (Kafka or the database unavailable). */
    public void refund(String deviceId, int events) {
        Bucket bucket = buckets.get(deviceId);
        if (bucket == null || events <= 0) {
            return;
        }
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + events);
        }
    }

    private static final class Bucket {
        private double tokens;
        private long lastRefillNanos;

        Bucket(long tokens, long now) {
            this.tokens = tokens;
            this.lastRefillNanos = now;
        }

        void refill(long now, double perSecond, long capacity) {
            long elapsed = now - lastRefillNanos;
            if (elapsed > 0) {
                tokens = Math.min(capacity, tokens + elapsed * perSecond / 1e9);
                lastRefillNanos = now;
            }
        }
    }
}
