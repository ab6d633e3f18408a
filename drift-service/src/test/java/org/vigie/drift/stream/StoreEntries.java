package org.vigie.drift.stream;

import java.util.function.BiPredicate;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Counts a state store's entries: a test driver's store, or one queried from a running application. */
final class StoreEntries {

    private StoreEntries() {
    }

    static <V> long count(ReadOnlyKeyValueStore<String, V> store) {
        return count(store, (k, v) -> true);
    }

    /** The entries {@code which} accepts. */
    static <V> long count(ReadOnlyKeyValueStore<String, V> store, BiPredicate<String, V> which) {
        long n = 0;
        try (KeyValueIterator<String, V> it = store.all()) {
            while (it.hasNext()) {
                var kv = it.next();
                if (which.test(kv.key, kv.value)) {
                    n++;
                }
            }
        }
        return n;
    }
}
