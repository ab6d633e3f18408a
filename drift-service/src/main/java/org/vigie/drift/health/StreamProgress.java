package org.vigie.drift.health;

import java.time.Duration;

/**
 * Tells a stream that has stopped making progress from one that is merely idle: stalled means input is waiting
 * (consumer lag above zero) and the count of processed records has not moved for at least {@code stallAfter}.
 * Kafka Streams' own state stays RUNNING in that case — a producer that retries a refused write forever, a
 * thread blocked in a commit — so the state alone cannot say it.
 *
 * <p>Fed by samples (the health probe's calls, a few seconds apart); the first time a total is seen starts its
 * clock, so a probe that comes rarely never mistakes a long gap between calls for a stall: it needs two samples
 * with the same total and waiting input, {@code stallAfter} apart.
 */
public final class StreamProgress {

    private final long stallAfterNanos;
    private double lastProcessed = Double.NaN;
    private long lastChangeNanos;

    public StreamProgress(Duration stallAfter) {
        if (stallAfter.isNegative() || stallAfter.isZero()) {
            throw new IllegalArgumentException("stallAfter must be positive: " + stallAfter);
        }
        this.stallAfterNanos = stallAfter.toNanos();
    }

    /** One observation: what the stream threads have processed so far, the input waiting, and when (nanoTime). */
    public synchronized Verdict sample(double processedTotal, double inputWaiting, long nowNanos) {
        if (Double.isNaN(lastProcessed) || processedTotal != lastProcessed) {
            lastProcessed = processedTotal;
            lastChangeNanos = nowNanos;
        }
        long stillFor = nowNanos - lastChangeNanos;
        boolean stalled = inputWaiting > 0 && stillFor >= stallAfterNanos;
        return new Verdict(stalled, processedTotal, inputWaiting, Duration.ofNanos(stillFor));
    }

    /** @param unchangedFor how long the processed total has not moved (as far as the samples tell) */
    public record Verdict(boolean stalled, double processed, double inputWaiting, Duration unchangedFor) {
    }
}
