package org.vigie.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventTimeWindowTest {

    private static final Instant NOW = Instant.parse("2024-11-27T12:00:00Z");
    private final EventTimeWindow window = new EventTimeWindow(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptsNowAndTheToleratedBounds() {
        assertThat(window.accepts(NOW)).isTrue();
        assertThat(window.accepts(NOW.plus(Duration.ofMinutes(5)))).isTrue();
        assertThat(window.accepts(NOW.minus(Duration.ofDays(30)))).isTrue();
    }

    @Test
    void refusesTheFutureBeyondFiveMinutesAndSaysSo() {
        assertThat(window.rejectionReason(NOW.plus(Duration.ofMinutes(5)).plusMillis(1)))
                .contains("event time is more than 5 minutes in the future (latest accepted 2024-11-27T12:05:00Z)");
    }

    @Test
    void refusesWhatIsOlderThanTheHorizonAndSaysSo() {
        assertThat(window.rejectionReason(NOW.minus(Duration.ofDays(30)).minusSeconds(1)))
                .contains("event time is older than the 30 days horizon (earliest accepted 2024-10-28T12:00:00Z)");
    }

    @Test
    void theHorizonIsConfigurable() {
        EventTimeWindow week = new EventTimeWindow(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(7));

        assertThat(week.accepts(NOW.minus(Duration.ofDays(8)))).isFalse();
        assertThat(week.rejectionReason(NOW.minus(Duration.ofDays(8)))).get().asString().contains("7 days horizon");
        assertThat(window.rejectionReason(null)).contains("event time is missing");
        assertThatThrownBy(() -> new EventTimeWindow(Clock.systemUTC(), Duration.ZERO)).hasMessageContaining("horizon");
    }
}
