package org.vigie.alert.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.vigie.alert.domain.MutableClock;
import org.vigie.alert.domain.delivery.CircuitBreaker.State;

/** Plain JUnit: no Quarkus, no container; time moves by hand. */
class CircuitBreakerTest {

    private final MutableClock clock = MutableClock.at("2025-03-03T10:00:00Z");
    private final CircuitBreaker breaker = CircuitBreaker.withDefaults(clock);

    @Test
    void opensAfterConsecutiveFailuresThenTriesOnceThenCloses() {
        failTimes(4);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();

        breaker.recordFailure();
        Instant openedAt = clock.instant();
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.retryAfter()).isEqualTo(openedAt.plusSeconds(60));

        clock.advance(Duration.ofSeconds(59));
        assertThat(breaker.tryAcquire()).isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).as("the trial").isTrue();
        assertThat(breaker.tryAcquire()).as("only one trial at a time").isFalse();

        breaker.recordSuccess();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.consecutiveFailures()).isZero();
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.retryAfter()).isEqualTo(clock.instant());
    }

    @Test
    void aFailedTrialOpensTheCircuitAgain() {
        failTimes(5);
        clock.advance(Duration.ofSeconds(60));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.recordFailure();
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.retryAfter()).isEqualTo(clock.instant().plusSeconds(60));
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void aSuccessResetsTheFailureCount() {
        failTimes(4);
        breaker.recordSuccess();
        failTimes(4);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void aTrialThatNeverReportsBackDoesNotWedgeTheCircuit() {
        failTimes(5);
        clock.advance(Duration.ofSeconds(60));
        assertThat(breaker.tryAcquire()).isTrue();
        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.retryAfter()).isEqualTo(clock.instant().plusSeconds(30));
        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire()).as("a new trial after the lost one").isTrue();
    }

    @Test
    void oneBreakerPerOrigin() {
        var breakers = new EndpointCircuitBreakers(clock, 1, Duration.ofSeconds(60));
        var a = breakers.forEndpoint(URI.create("https://hooks.example.org/tenant-a"));
        var sameOrigin = breakers.forEndpoint(URI.create("HTTPS://Hooks.Example.org:443/tenant-b"));
        var otherPort = breakers.forEndpoint(URI.create("https://hooks.example.org:8443/tenant-a"));
        var otherHost = breakers.forEndpoint(URI.create("https://other.example.org/tenant-a"));
        assertThat(sameOrigin).isSameAs(a);
        assertThat(otherPort).isNotSameAs(a);
        assertThat(otherHost).isNotSameAs(a);

        a.recordFailure();
        assertThat(sameOrigin.tryAcquire()).isFalse();
        assertThat(otherHost.tryAcquire()).isTrue();
        assertThat(EndpointCircuitBreakers.endpointOf(URI.create("http://h.example/x"))).isEqualTo("http://h.example:80");
    }

    @Test
    void rejectsNonsenseConfiguration() {
        assertThatThrownBy(() -> new CircuitBreaker(clock, 0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CircuitBreaker(clock, 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void failTimes(int n) {
        for (int i = 0; i < n; i++) {
            breaker.recordFailure();
        }
    }
}
