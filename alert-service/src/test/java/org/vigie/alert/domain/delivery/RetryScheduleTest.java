package org.vigie.alert.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Plain JUnit: no Quarkus, no container. Random is seeded, so every run is the same run. */
class RetryScheduleTest {

    static final Instant T0 = Instant.parse("2025-03-03T10:00:00Z");

    @ParameterizedTest(name = "retry {0}: wait at most {1}")
    @CsvSource({
            "1, PT5S", "2, PT10S", "3, PT20S", "4, PT40S", "5, PT1M20S", "10, PT42M40S",
            "11, PT1H", "12, PT1H", "63, PT1H", "1000, PT1H",
    })
    void ceilingDoublesUpToTheCap(int retry, Duration ceiling) {
        assertThat(RetrySchedule.defaults(new Random(1)).ceiling(retry)).isEqualTo(ceiling);
    }

    @Test
    void fullJitterStaysWithinBoundsAndSpreadsAcrossThem() {
        var schedule = RetrySchedule.defaults(new Random(42));
        for (int retry = 1; retry <= 15; retry++) {
            Duration ceiling = schedule.ceiling(retry);
            for (int i = 0; i < 200; i++) {
                assertThat(schedule.delayBefore(retry)).isBetween(Duration.ofSeconds(1), ceiling);
            }
        }
        // Uniform over [1 s, 1 h]: mean about 30 min.
        double meanSeconds = IntStream.range(0, 20_000).mapToLong(i -> schedule.delayBefore(20).toSeconds())
                .average().orElseThrow();
        assertThat(meanSeconds).isBetween(1750.0, 1850.0);
    }

    @Test
    void sameSeedSameSchedule() {
        var a = RetrySchedule.defaults(new Random(7));
        var b = RetrySchedule.defaults(new Random(7));
        for (int retry = 1; retry <= 20; retry++) {
            assertThat(a.delayBefore(retry)).isEqualTo(b.delayBefore(retry));
        }
    }

    @Test
    void anEndpointDownForeverIsRetriedForAtLeast24HoursThenDeadLettered() {
        var schedule = RetrySchedule.defaults(new Random(2025));
        List<Instant> attempts = new ArrayList<>();
        Instant at = T0;
        int attempt = 1;
        RetryDecision decision;
        while (true) {
            attempts.add(at);
            decision = schedule.afterFailure(T0, attempt, at);
            if (decision instanceof RetryDecision.RetryAt retry) {
                assertThat(retry.attempt()).isEqualTo(attempt + 1);
                assertThat(Duration.between(at, retry.at())).isLessThanOrEqualTo(Duration.ofHours(1));
                at = retry.at();
                attempt = retry.attempt();
            } else {
                break;
            }
        }
        assertThat(decision).isInstanceOf(RetryDecision.DeadLetter.class);
        var dead = (RetryDecision.DeadLetter) decision;
        assertThat(dead.attempts()).isEqualTo(attempts.size());
        assertThat(dead.reason()).contains("horizon 24 h");
        Instant last = attempts.get(attempts.size() - 1);
        assertThat(last).isAfterOrEqualTo(T0.plus(Duration.ofHours(24)));
        assertThat(attempts.get(attempts.size() - 2)).isBefore(T0.plus(Duration.ofHours(24)));
        // Exponential ramp (~10 tries in the first 45 min) then about two an hour.
        assertThat(attempts.size()).isBetween(40, 80);
    }

    @Test
    void anEndpointBackBeforeTheHorizonGetsItsDelivery() {
        var schedule = RetrySchedule.defaults(new Random(3));
        Instant recovers = T0.plus(Duration.ofHours(23).plusMinutes(59));
        Instant at = T0;
        int attempt = 1;
        while (at.isBefore(recovers)) {
            var decision = schedule.afterFailure(T0, attempt, at);
            assertThat(decision).isInstanceOf(RetryDecision.RetryAt.class);
            at = ((RetryDecision.RetryAt) decision).at();
            attempt++;
        }
        assertThat(at).isBefore(recovers.plus(Duration.ofHours(1)).plusSeconds(1));
    }

    @Test
    void theHorizonCountsFromTheFirstAttemptNotFromTheLastRestart() {
        var schedule = RetrySchedule.defaults(new Random(5));
        assertThat(schedule.afterFailure(T0, 3, T0.plus(Duration.ofHours(24)).minusMillis(1)))
                .isInstanceOf(RetryDecision.RetryAt.class);
        assertThat(schedule.afterFailure(T0, 3, T0.plus(Duration.ofHours(24))))
                .isInstanceOf(RetryDecision.DeadLetter.class);
    }

    @Test
    void rejectsNonsenseConfiguration() {
        var random = new Random(1);
        assertThatThrownBy(() -> new RetrySchedule(Duration.ZERO, Duration.ofHours(1), Duration.ofHours(24),
                Duration.ZERO, random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofHours(24),
                Duration.ZERO, random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofHours(24),
                Duration.ofSeconds(6), random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetrySchedule.defaults(random).ceiling(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetrySchedule.defaults(random).afterFailure(T0, 0, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
