package org.vigie.observatory.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Day tables already protected, by content. The suppression pattern is a deterministic function of the table,
 * the threshold and the disclosure ({@link SmallCellSuppression}: "the same input always yields the same
 * pattern"), so an answer protected once can be served again for the same counts without searching again —
 * nothing to invalidate: different counts are a different key. A 30-day answer re-protects only the days whose
 * counts changed. Least recently used tables are dropped beyond {@code maxTables}.
 */
public final class ProtectedTables {

    /** No memory: every table is protected when asked. */
    public static final ProtectedTables NONE = new ProtectedTables(0);

    /** A table as protected whole ({@code filtered} null) or a filtered table against its unfiltered one. */
    public record Key(int threshold, Disclosure disclosure, CountTable table, CountTable filtered) {
    }

    private final int maxTables;
    private final Map<Key, SuppressedTable> tables;

    public ProtectedTables(int maxTables) {
        this.maxTables = maxTables;
        this.tables = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, SuppressedTable> eldest) {
                return size() > ProtectedTables.this.maxTables;
            }
        };
    }

    public SuppressedTable protect(Key key, Supplier<SuppressedTable> protection) {
        if (maxTables <= 0) {
            return protection.get();
        }
        synchronized (this) {
            SuppressedTable known = tables.get(key);
            if (known != null) {
                return known;
            }
        }
        // Protected outside the lock: two requests may both compute the same table; both get the same answer.
        SuppressedTable protectedTable = protection.get();
        synchronized (this) {
            tables.put(key, protectedTable);
        }
        return protectedTable;
    }
}
