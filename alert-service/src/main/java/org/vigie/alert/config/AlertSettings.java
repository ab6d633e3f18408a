package org.vigie.alert.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The alert service's own settings, {@code vigie.alert.*}. */
@ConfigMapping(prefix = "vigie.alert")
public interface AlertSettings {

    Delivery delivery();

    Relay relay();

    Obligations obligations();

    interface Delivery {
        /** Whether this instance runs the webhook worker. */
        @WithDefault("true")
        boolean enabled();

        /** Loopback callback URLs (127.0.0.0/8, ::1): allowed in dev and test only. */
        @WithDefault("false")
        boolean allowLoopback();

        /** Host names ("hooks.example.org", "*.example.org") and CIDR blocks trusted despite the SSRF rules. */
        Optional<List<String>> allowList();

        /** How often an idle worker looks for due deliveries; new deliveries wake it at once. */
        @WithDefault("500ms")
        Duration pollInterval();

        /** The most deliveries one worker pass leases, over all subscriptions (oldest first). */
        @WithDefault("1000")
        int batchSize();

        /**
         * The most consecutive deliveries of one subscription leased together and posted one after the other
         * (in order, stopping at the first that does not succeed).
         */
        @WithDefault("50")
        int perSubscription();

        /** How long a leased delivery is left to its worker before another may take it (crash recovery). */
        @WithDefault("30s")
        Duration lease();

        @WithDefault("10s")
        Duration requestTimeout();

        /** HTTP connections kept per callback origin (scheme, host, port). */
        @WithDefault("16")
        int connectionsPerEndpoint();

        @WithDefault("5s")
        Duration retryBase();

        @WithDefault("1h")
        Duration retryCap();

        /** Failed deliveries are retried for at least this long, then dead-lettered. */
        @WithDefault("24h")
        Duration retryHorizon();

        @WithDefault("1s")
        Duration retryMinimum();

        @WithDefault("5")
        int breakerFailureThreshold();

        @WithDefault("60s")
        Duration breakerOpenDuration();
    }

    interface Relay {
        @WithDefault("200ms")
        Duration pollInterval();

        @WithDefault("500")
        int batchSize();
    }

    interface Obligations {
        /** How often overdue obligations are counted and escalated. */
        @WithDefault("60s")
        Duration checkInterval();

        @WithDefault("30")
        int trendReportDays();
    }
}
