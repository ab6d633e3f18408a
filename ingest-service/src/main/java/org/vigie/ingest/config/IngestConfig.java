package org.vigie.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The ingest edge's settings ({@code vigie.ingest.*} in application.properties, which documents each). */
@ConfigMapping(prefix = "vigie.ingest")
public interface IngestConfig {

    @WithDefault("5000")
    int maxEventsPerRequest();

    @WithDefault("5242880")
    int maxBodyBytes();

    @WithDefault("PT5M")
    Duration futureTolerance();

    @WithDefault("P30D")
    Duration horizon();

    @WithDefault("2000")
    int maxTextLength();

    @WithDefault("5")
    int retryAfterSeconds();

    @WithDefault("PT1H")
    Duration ledgerPurgeInterval();

    @WithDefault("P365D")
    Duration deviceTokenLifetime();

    /** How long dead letters are kept in PostgreSQL for GET /v1/rejections (the rejection topic keeps them as long). */
    @WithDefault("P35D")
    Duration rejectionRetention();

    TokenSigningKey tokenSigningKey();

    RateLimit rateLimit();

    Kafka kafka();

    interface TokenSigningKey {
        /** {@code file:/path/key.pem} or {@code classpath:key.pem}; without it, issuing device tokens answers 503. */
        Optional<String> location();
    }

    /** Per-device token bucket, counted in events (see DeviceRateLimit). */
    interface RateLimit {
        /** Average events per second a device may send. */
        @WithDefault("1000")
        double eventsPerSecond();

        /** Events a device may send at once (a full bucket); a post with more is refused (413). */
        @WithDefault("10000")
        int burst();
    }

    interface Kafka {
        String bootstrapServers();

        /** Kafka producer properties, passed as they are. */
        Map<String, String> producer();
    }
}
