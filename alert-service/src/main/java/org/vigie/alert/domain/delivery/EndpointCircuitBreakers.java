package org.vigie.alert.domain.delivery;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link CircuitBreaker} per endpoint. An endpoint is an origin (scheme, host, port), not a full URL: two
 * subscriptions pointing at different paths of the same down server share its fate, and one tenant's failing
 * server does not slow another tenant's deliveries.
 */
public final class EndpointCircuitBreakers {

    private final Clock clock;
    private final int failureThreshold;
    private final Duration openDuration;
    private final ConcurrentHashMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    public EndpointCircuitBreakers(Clock clock, int failureThreshold, Duration openDuration) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.failureThreshold = failureThreshold;
        this.openDuration = Objects.requireNonNull(openDuration, "openDuration");
    }

    public CircuitBreaker forEndpoint(URI callback) {
        return breakers.computeIfAbsent(endpointOf(callback),
                key -> new CircuitBreaker(clock, failureThreshold, openDuration));
    }

    /** "https://hooks.example.org:443": scheme and host lower-cased, default port made explicit. */
    public static String endpointOf(URI callback) {
        String scheme = Objects.requireNonNull(callback.getScheme(), "scheme").toLowerCase(Locale.ROOT);
        int port = callback.getPort() != -1 ? callback.getPort() : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + Objects.requireNonNull(callback.getHost(), "host").toLowerCase(Locale.ROOT) + ":" + port;
    }
}
