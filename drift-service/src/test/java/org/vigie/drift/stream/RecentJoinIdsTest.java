package org.vigie.drift.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecentJoinIdsTest {

    private static final long MINUTE = 60_000;

    @Test
    void an_id_added_is_found_and_an_id_never_added_of_a_covered_time_is_not() {
        RecentJoinIds recent = new RecentJoinIds(MINUTE, 1_000_000, 0);
        Random random = new Random(1);
        List<UUID> added = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            UUID id = new UUID(random.nextLong(), random.nextLong());
            recent.add(id, i * 10L);
            added.add(id);
        }
        for (int i = 0; i < added.size(); i++) {
            assertThat(recent.mayContain(added.get(i), i * 10L)).isTrue();
        }
        int found = 0;
        for (int i = 0; i < 200_000; i++) {
            found += recent.mayContain(new UUID(random.nextLong(), random.nextLong()), i * 10L) ? 1 : 0;
        }
        assertThat(found).isZero(); // 64-bit fingerprints: a collision here would be a one-in-10^8 event
        assertThat(recent.size()).isEqualTo(200_000);
    }

    @Test
    void before_its_coverage_every_id_may_be_in_the_store() {
        RecentJoinIds recent = new RecentJoinIds(MINUTE, 1_000, 10 * MINUTE);
        UUID id = UUID.randomUUID();
        assertThat(recent.mayContain(id, 10 * MINUTE - 1)).isTrue();
        assertThat(recent.mayContain(id, 10 * MINUTE)).isFalse();
        recent.add(id, 5 * MINUTE); // not covered: not kept
        assertThat(recent.size()).isZero();
    }

    @Test
    void forgetting_drops_whole_slices_and_moves_the_coverage_to_the_slice_holding_the_horizon() {
        RecentJoinIds recent = new RecentJoinIds(MINUTE, 1_000, 0);
        UUID early = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        recent.add(early, 90_000);        // slice [1 min, 2 min)
        recent.add(late, 150_000);        // slice [2 min, 3 min)
        recent.forgetBefore(130_000);     // inside the second slice
        assertThat(recent.coveredFrom()).isEqualTo(2 * MINUTE);
        assertThat(recent.size()).isEqualTo(1);
        assertThat(recent.mayContain(early, 90_000)).isTrue();   // no longer covered: the store decides
        assertThat(recent.mayContain(late, 150_000)).isTrue();
        assertThat(recent.mayContain(UUID.randomUUID(), 150_000)).isFalse();
        recent.forgetBefore(-5 * MINUTE); // the horizon never moves the coverage back
        assertThat(recent.coveredFrom()).isEqualTo(2 * MINUTE);
    }

    /** The one property the monitor relies on, under any order of times, forgetting and overflow: no false negative. */
    @Test
    void whatever_the_order_and_the_bound_an_id_added_is_never_reported_absent() {
        for (long seed = 0; seed < 20; seed++) {
            Random random = new Random(seed);
            RecentJoinIds recent = new RecentJoinIds(MINUTE, 1 + random.nextInt(5_000), random.nextInt(3) * MINUTE);
            List<UUID> ids = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            long streamTime = 0;
            for (int i = 0; i < 20_000; i++) {
                streamTime += random.nextInt(2_000);
                // Mostly in order, some late by up to 30 minutes.
                long time = random.nextInt(10) == 0 ? Math.max(0, streamTime - random.nextInt(30) * MINUTE) : streamTime;
                UUID id = new UUID(random.nextLong(), random.nextLong());
                recent.add(id, time);
                ids.add(id);
                times.add(time);
                if (random.nextInt(500) == 0) {
                    recent.forgetBefore(streamTime - random.nextInt(20) * MINUTE);
                }
            }
            for (int i = 0; i < ids.size(); i++) {
                assertThat(recent.mayContain(ids.get(i), times.get(i))).as("seed %d, id %d", seed, i).isTrue();
            }
            assertThat(recent.size()).isLessThanOrEqualTo(5_000);
        }
    }
}
