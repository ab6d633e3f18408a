package org.vigie.observatory.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sums of past days (or weeks, months) as last read, by query shape, each labelled with the versions of its
 * days ({@code observatory.day_version}) and of the dimensions: an entry is served only while the database still
 * holds exactly those versions. Over 30 days most days are closed — only today (and the odd late event) changes —
 * so a repeated question reads one day of rows instead of thirty. Least recently used entries go first once the
 * kept cells exceed the bound ({@code vigie.observatory.api.cached-cells}; 0 turns this off). Plain Java, shared
 * by the event-loop threads (synchronized: entries are small and the work under the lock is a map lookup).
 */
final class PastDays {

    /** A query shape (SQL of table, groups, measures; filter columns and values) over one bucket [start, end). */
    record Key(String shape, List<String> filters, Instant start, Instant end) {
    }

    private record Entry(long[] signature, List<RollupReader.Cell> cells) {
    }

    private final long maxCells;
    private long cells;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);

    PastDays(long maxCells) {
        this.maxCells = maxCells;
    }

    boolean enabled() {
        return maxCells > 0;
    }

    /** The cells kept for this key if they were read at exactly these versions, else null. */
    synchronized List<RollupReader.Cell> get(Key key, long[] signature) {
        Entry e = entries.get(key);
        return e != null && Arrays.equals(e.signature(), signature) ? e.cells() : null;
    }

    synchronized void put(Key key, long[] signature, List<RollupReader.Cell> read) {
        Entry previous = entries.put(key, new Entry(signature, read));
        cells += weight(read) - (previous == null ? 0 : weight(previous.cells()));
        Iterator<Map.Entry<Key, Entry>> oldest = entries.entrySet().iterator();
        while (cells > maxCells && oldest.hasNext()) {
            Map.Entry<Key, Entry> e = oldest.next();
            cells -= weight(e.getValue().cells());
            oldest.remove();
        }
    }

    /** An empty bucket still costs an entry. */
    private static long weight(List<RollupReader.Cell> cells) {
        return Math.max(1, cells.size());
    }
}
