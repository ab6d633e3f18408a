package org.vigie.drift.stream;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The inputs the monitor dropped, counted by reason (thread-safe: a stream thread reports, the test reads). */
final class DroppedInputs implements DriftTelemetry {

    private final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();

    @Override
    public void dropped(String reason) {
        byReason.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    long count(String reason) {
        LongAdder n = byReason.get(reason);
        return n == null ? 0 : n.sum();
    }

    boolean none() {
        return byReason.isEmpty();
    }

    @Override
    public String toString() {
        Map<String, Long> counts = new TreeMap<>();
        byReason.forEach((reason, n) -> counts.put(reason, n.sum()));
        return counts.toString();
    }
}
