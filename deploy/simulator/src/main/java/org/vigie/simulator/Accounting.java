package org.vigie.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vigie.contracts.events.DeviceEvent;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.UsageEvent;

/**
 * What became of the events sent, per type: sent, accepted (written by ingest), duplicates (written before),
 * rejected (refused, with the reason). Ingest answers accepted and duplicates per batch, so they are split by
 * type exactly whenever the batch says which (all new, all replayed, or one type only); the rare batch that
 * mixes both across types is counted as "accepted or duplicate" for its types.
 */
public final class Accounting {

    public static final List<String> TYPES = List.of(InferenceEvent.TYPE, OutcomeEvent.TYPE, UsageEvent.TYPE, FeedbackEvent.TYPE);
    private static final int KEPT_REJECTIONS = 20;

    /** Counts of one type. */
    public static final class Counts {
        long sent;
        long accepted;
        long duplicates;
        long rejected;
        long acceptedOrDuplicate;

        public long sent() {
            return sent;
        }

        public long accepted() {
            return accepted;
        }

        public long duplicates() {
            return duplicates;
        }

        public long rejected() {
            return rejected;
        }

        public long acceptedOrDuplicate() {
            return acceptedOrDuplicate;
        }

        void add(Counts other) {
            sent += other.sent;
            accepted += other.accepted;
            duplicates += other.duplicates;
            rejected += other.rejected;
            acceptedOrDuplicate += other.acceptedOrDuplicate;
        }
    }

    private final Map<String, Counts> byType = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> sentByDevice = new TreeMap<>();
    private final List<IngestClient.Rejection> rejections = new ArrayList<>();

    public Accounting() {
        TYPES.forEach(t -> byType.put(t, new Counts()));
    }

    public synchronized void record(List<? extends DeviceEvent> batch, IngestClient.BatchResult result) {
        Map<String, Long> sent = new LinkedHashMap<>();
        for (DeviceEvent e : batch) {
            sent.merge(e.type(), 1L, Long::sum);
            sentByDevice.computeIfAbsent(e.deviceId(), k -> new TreeMap<>()).merge(e.type(), 1L, Long::sum);
        }
        Map<String, Long> rejected = new LinkedHashMap<>();
        for (IngestClient.Rejection r : result.rejected()) {
            rejected.merge(r.type(), 1L, Long::sum);
            if (rejections.size() < KEPT_REJECTIONS) {
                rejections.add(r);
            }
        }
        boolean attributable = result.duplicates() == 0 || result.accepted() == 0 || sent.size() == 1;
        sent.forEach((type, n) -> {
            Counts c = byType.computeIfAbsent(type, k -> new Counts());
            long refused = rejected.getOrDefault(type, 0L);
            long written = n - refused;
            c.sent += n;
            c.rejected += refused;
            if (!attributable) {
                c.acceptedOrDuplicate += written;
            } else if (result.duplicates() == 0) {
                c.accepted += written;
            } else {
                c.duplicates += written;
            }
        });
    }

    public synchronized Counts of(String type) {
        return byType.getOrDefault(type, new Counts());
    }

    public synchronized Counts total() {
        Counts total = new Counts();
        byType.values().forEach(total::add);
        return total;
    }

    public synchronized Map<String, Map<String, Long>> sentByDevice() {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        sentByDevice.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
        return copy;
    }

    public synchronized List<IngestClient.Rejection> sampleRejections() {
        return List.copyOf(rejections);
    }

    /** The final accounting as a table. */
    public synchronized String table() {
        StringBuilder out = new StringBuilder(String.format("%-10s %10s %10s %10s %10s%n", "type", "sent", "accepted",
                "duplicates", "rejected"));
        Counts total = new Counts();
        for (Map.Entry<String, Counts> e : byType.entrySet()) {
            out.append(row(e.getKey(), e.getValue()));
            total.add(e.getValue());
        }
        out.append(row("total", total));
        if (total.acceptedOrDuplicate > 0) {
            out.append(String.format("(%d events in batches mixing new and replayed events across types are counted as "
                    + "written, not split into accepted and duplicates)%n", total.acceptedOrDuplicate));
        }
        return out.toString();
    }

    private static String row(String name, Counts c) {
        return String.format("%-10s %,10d %,10d %,10d %,10d%n", name, c.sent, c.accepted + c.acceptedOrDuplicate,
                c.duplicates, c.rejected);
    }
}
