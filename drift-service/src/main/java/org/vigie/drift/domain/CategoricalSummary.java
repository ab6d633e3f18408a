package org.vigie.drift.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mergeable frequency map of one categorical feature over a window. The number of distinct
 * categories is capped (default 64) so that state stays bounded: once the cap is reached,
 * unseen categories are counted under {@link #OTHER}. Counts sit in mutable cells so that an
 * update of an already-seen category allocates nothing.
 */
public final class CategoricalSummary {

    public static final String OTHER = "__other__";
    public static final String MISSING = "__missing__";
    public static final int DEFAULT_MAX_CATEGORIES = 64;
    private static final byte FORMAT = 1;

    private final int maxCategories;
    private final Map<String, long[]> counts = new HashMap<>();
    private long total;

    public CategoricalSummary() {
        this(DEFAULT_MAX_CATEGORIES);
    }

    public CategoricalSummary(int maxCategories) {
        if (maxCategories < 2) {
            throw new IllegalArgumentException("maxCategories must be >= 2");
        }
        this.maxCategories = maxCategories;
    }

    public void update(String category) {
        add(category == null ? MISSING : category, 1);
    }

    public void merge(CategoricalSummary other) {
        for (Map.Entry<String, long[]> e : other.counts.entrySet()) {
            add(e.getKey(), e.getValue()[0]);
        }
    }

    private void add(String category, long n) {
        long[] cell = counts.get(category);
        if (cell == null) {
            // One slot is kept for OTHER so the cap is never exceeded.
            String key = counts.size() < maxCategories - 1 || category.equals(OTHER) ? category : OTHER;
            cell = counts.computeIfAbsent(key, k -> new long[1]);
        }
        cell[0] += n;
        total += n;
    }

    public long count() {
        return total;
    }

    public long count(String category) {
        long[] cell = counts.get(category);
        return cell == null ? 0 : cell[0];
    }

    /** Counts by category, sorted by name (a stable order for tests and evidence). */
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v[0]));
        return Collections.unmodifiableMap(out);
    }

    public byte[] toBytes() {
        Map<String, Long> sorted = counts();
        int size = 1 + 4 + 4;
        byte[][] names = new byte[sorted.size()][];
        int i = 0;
        for (String k : sorted.keySet()) {
            names[i] = k.getBytes(StandardCharsets.UTF_8);
            size += 2 + names[i].length + 8;
            i++;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).put(FORMAT).putInt(maxCategories).putInt(sorted.size());
        i = 0;
        for (long c : sorted.values()) {
            buffer.putShort((short) names[i].length).put(names[i]).putLong(c);
            i++;
        }
        return buffer.array();
    }

    public static CategoricalSummary fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte format = buffer.get();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown CategoricalSummary format " + format);
        }
        CategoricalSummary summary = new CategoricalSummary(buffer.getInt());
        int n = buffer.getInt();
        for (int i = 0; i < n; i++) {
            byte[] name = new byte[buffer.getShort() & 0xFFFF];
            buffer.get(name);
            long c = buffer.getLong();
            summary.counts.put(new String(name, StandardCharsets.UTF_8), new long[] {c});
            summary.total += c;
        }
        return summary;
    }
}
