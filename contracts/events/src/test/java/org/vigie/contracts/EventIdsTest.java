package org.vigie.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.EventIds;

class EventIdsTest {

    @Test
    void a_time_ordered_id_is_a_version_7_rfc_9562_uuid_carrying_its_millisecond() {
        long millis = Instant.parse("2026-11-28T16:00:00.123Z").toEpochMilli();
        UUID id = EventIds.timeOrdered(millis, new SplittableRandom(1));
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2); // RFC 9562 (IETF) variant
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
        // RFC 9562's own example layout: the first 12 hex digits are the milliseconds, then '7'.
        assertThat(id.toString()).startsWith(String.format("%08x-%04x-7", millis >>> 16, millis & 0xFFFF));
    }

    @Test
    void ids_of_later_milliseconds_sort_after_earlier_ones_as_text_and_as_postgresql_compares_uuids() {
        SplittableRandom random = new SplittableRandom(7);
        long start = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            ids.add(EventIds.timeOrdered(start + i, random).toString());
        }
        // PostgreSQL orders uuid values bytewise, as their lower-case hex text sorts.
        assertThat(ids).isSorted();
    }

    @Test
    void a_time_outside_the_48_bit_range_is_refused() {
        assertThatThrownBy(() -> EventIds.timeOrdered(-1, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventIds.timeOrdered(1L << 48, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
