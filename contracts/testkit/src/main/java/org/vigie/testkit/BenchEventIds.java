package org.vigie.testkit;

import java.util.UUID;
import java.util.random.RandomGenerator;
import org.vigie.contracts.events.EventIds;

/**
 * The event ids a benchmark's load generator makes ({@code -Dbench.ids}, read and checked once): {@code v7},
 * time-ordered by the sending clock as the contract recommends devices make them (the default), or {@code v4},
 * random — each batch's ids then land on random pages of the indexes that deduplicate by eventId.
 */
public final class BenchEventIds {

    /** {@code v7} or {@code v4}. */
    public static final String KIND = System.getProperty("bench.ids", "v7");

    static {
        if (!KIND.equals("v7") && !KIND.equals("v4")) {
            throw new IllegalArgumentException("-Dbench.ids is v4 or v7: " + KIND);
        }
    }

    private BenchEventIds() {
    }

    /** Whether the ids are time-ordered (v7). */
    public static boolean timeOrdered() {
        return KIND.equals("v7");
    }

    /** The id of an event sent now: time-ordered by the clock (v7), or 128 random bits (v4). */
    public static UUID next(RandomGenerator random) {
        return timeOrdered() ? EventIds.timeOrdered(System.currentTimeMillis(), random)
                : new UUID(random.nextLong(), random.nextLong());
    }
}
