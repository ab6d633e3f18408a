package org.vigie.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The strict date-time reader gives the instant Jackson's reader gives, and refuses every other shape. */
class Rfc3339Test {

    private static Instant jackson(String text) throws Exception {
        return VigieJson.mapper().readValue("\"" + text + "\"", Instant.class);
    }

    @Test
    void reads_the_instant_jackson_reads_for_random_times_fractions_and_offsets() throws Exception {
        SplittableRandom random = new SplittableRandom(3339);
        for (int i = 0; i < 50_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 4_000_000_000L), random.nextInt(1_000_000_000));
            int offsetMinutes = random.nextInt(-14 * 60, 14 * 60 + 1);
            OffsetDateTime local = instant.atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
            int fraction = random.nextInt(10);
            String pattern = "yyyy-MM-dd'T'HH:mm:ss" + (fraction == 0 ? "" : "." + "S".repeat(fraction))
                    + (offsetMinutes == 0 && random.nextBoolean() ? "'Z'" : "xxx");
            String text = local.format(DateTimeFormatter.ofPattern(pattern));
            assertThat(Rfc3339.parseStrict(text)).as(text).isEqualTo(jackson(text));
        }
    }

    @Test
    void refuses_every_other_shape() {
        for (String text : new String[] {"2026-03-02t09:30:00Z", "2026-03-02T09:30:00z", "2026-03-02 09:30:00Z",
                "2026-03-02T09:30:00", "2026-03-02T09:30Z", "2026-02-29T09:30:00Z", "2026-02-30T09:30:00Z",
                "2026-13-02T09:30:00Z", "2026-00-02T09:30:00Z", "2026-03-00T09:30:00Z", "2026-03-02T24:00:00Z",
                "2026-03-02T09:60:00Z", "2026-03-02T23:59:60Z", "2026-03-02T09:30:00.Z", "2026-03-02T09:30:00.1234567890Z",
                "2026-03-02T09:30:00+14:01", "2026-03-02T09:30:00+15:00", "2026-03-02T09:30:00+02:60",
                "2026-03-02T09:30:00+0200", "2026-03-02T09:30:00+02", "2026-03-02T09:30:00Z ", " 2026-03-02T09:30:00Z",
                "0000-03-02T09:30:00Z", "+2026-03-02T09:30:00Z", "2026-3-02T09:30:00Z", "2026-03-02T09:30:00ZZ",
                "2026-03-02T09:30:00.5+02:00x", "20260302T093000Z", "", "2026-03-02T09:30:00-1:00", "2026-03-02T0a:30:00Z"}) {
            assertThat(Rfc3339.parseStrict(text)).as(text).isNull();
        }
        assertThat(Rfc3339.parseStrict("2028-02-29T23:59:59.999999999-14:00"))
                .isEqualTo(Instant.parse("2028-03-01T13:59:59.999999999Z"));
    }
}
