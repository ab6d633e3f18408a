package org.vigie.drift.stream;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Fingerprints of the event ids of the inferences joined lately, in slices of their event time: a filter in front of
 * the join store's duplicate check. It is complete from {@link #coveredFrom()} on — every join in the store whose
 * inference time is at or after it has its fingerprint here — so an inference of such a time whose fingerprint is
 * absent is not in the store, and the store is not read (a RocksDB miss, the costliest step of an inference). A
 * fingerprint present may be another id's (64 bits: about one in 10^13 at a million ids) or a join deleted since: the
 * store decides. Older inferences (late, or from before a restart) are always checked in the store.
 *
 * <p>Memory is bounded: slices whose end falls before the horizon given to {@link #forgetBefore} are dropped, and
 * beyond {@code maxIds} fingerprints the oldest slices are dropped; either way the coverage starts later.
 */
final class RecentJoinIds {

    private final long slice;
    private final int maxIds;
    private long coveredFrom;
    /** Fingerprints per slice of event time, by slice index (time / slice). */
    private final TreeMap<Long, LongSet> slices = new TreeMap<>();
    private int size;

    /**
     * @param slice       width of a slice of event time, in ms
     * @param maxIds      at most this many fingerprints are kept
     * @param coveredFrom the event time from which the (empty) filter is complete: later than every join in the store
     */
    RecentJoinIds(long slice, int maxIds, long coveredFrom) {
        if (slice <= 0 || maxIds <= 0) {
            throw new IllegalArgumentException("slice and maxIds must be positive");
        }
        this.slice = slice;
        this.maxIds = maxIds;
        this.coveredFrom = coveredFrom;
    }

    long coveredFrom() {
        return coveredFrom;
    }

    int size() {
        return size;
    }

    /** False only when an inference of this id and event time is certainly not in the join store. */
    boolean mayContain(UUID id, long time) {
        if (time < coveredFrom) {
            return true;
        }
        LongSet ids = slices.get(Math.floorDiv(time, slice));
        return ids != null && ids.contains(fingerprint(id));
    }

    /** Records a join just written to the store. */
    void add(UUID id, long time) {
        if (time < coveredFrom) {
            return; // not covered: the store is read for such times anyway
        }
        if (slices.computeIfAbsent(Math.floorDiv(time, slice), index -> new LongSet()).add(fingerprint(id))) {
            size++;
        }
        while (size > maxIds) {
            Map.Entry<Long, LongSet> oldest = slices.pollFirstEntry();
            size -= oldest.getValue().size();
            // Nothing before the end of the dropped slice is covered any more; when it was the only one, coverage
            // restarts with the next slice.
            coveredFrom = Math.max(coveredFrom, (oldest.getKey() + 1) * slice);
        }
    }

    /** Drops the slices that end at or before {@code horizon}: coverage then starts at the slice holding it. */
    void forgetBefore(long horizon) {
        long keepFrom = Math.floorDiv(horizon, slice);
        Map<Long, LongSet> before = slices.headMap(keepFrom);
        before.values().forEach(ids -> size -= ids.size());
        before.clear();
        if (keepFrom > Long.MIN_VALUE / slice) {
            coveredFrom = Math.max(coveredFrom, keepFrom * slice);
        }
    }

    /** 64 bits of the id, mixed (a v7 id's first half is mostly its time). */
    static long fingerprint(UUID id) {
        long h = id.getMostSignificantBits() * 0x9E3779B97F4A7C15L ^ id.getLeastSignificantBits();
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }

    /** An open-addressing set of longs (linear probing, 0 stands for the empty slot, so 0 is stored as 1). */
    static final class LongSet {
        private long[] table = new long[64];
        private int size;

        int size() {
            return size;
        }

        boolean contains(long value) {
            long v = value == 0 ? 1 : value;
            return table[slot(v)] == v;
        }

        boolean add(long value) {
            long v = value == 0 ? 1 : value;
            if ((size + 1) * 2 > table.length) {
                grow();
            }
            int i = slot(v);
            if (table[i] == v) {
                return false;
            }
            table[i] = v;
            size++;
            return true;
        }

        /** Where {@code v} is, or the empty slot where it goes. */
        private int slot(long v) {
            int mask = table.length - 1;
            int i = (int) (v ^ v >>> 32) & mask;
            while (table[i] != 0 && table[i] != v) {
                i = (i + 1) & mask;
            }
            return i;
        }

        private void grow() {
            long[] old = table;
            table = new long[old.length * 2];
            for (long v : old) {
                if (v != 0) {
                    table[slot(v)] = v;
                }
            }
        }
    }
}
