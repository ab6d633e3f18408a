package org.vigie.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole flow with every component a real process: {@code deploy/local/vigie demo serious-incident}
 * starts Kafka, PostgreSQL and the four services, subscribes a webhook receiver that verifies signatures,
 * sends the scenario through the ingest API, and succeeds only when the field report's death has become an
 * alert delivered, signed and verified, at the receiver, nothing else was raised, and the observatory counted
 * every event. Ports are shifted by 3000, so it runs beside a developer's own platform.
 */
class PlatformDemoIT {

    private static final LocalPlatform PLATFORM = new LocalPlatform("vigie-demo-it", 3000);

    @BeforeAll
    static void fresh() throws IOException {
        PLATFORM.fresh();
    }

    @AfterAll
    static void down() throws IOException {
        PLATFORM.down();
    }

    @Test
    void a_death_reported_from_the_field_reaches_the_subscriber_as_a_verified_alert() throws IOException {
        LocalPlatform.Result demo = PLATFORM.run(Duration.ofMinutes(10), "demo", "serious-incident", "--days", "2",
                "--volume", "0.2", "--rate", "3000", "--wait-minutes", "4", "--settle-seconds", "10");
        assertThat(demo.output()).contains("Vigie is UP");
        assertThat(demo.output()).containsPattern("received\\s+required\\s+field_report");
        assertThat(demo.output()).doesNotContain("MISSING").doesNotContain("UNEXPECTED");
        assertThat(demo.output()).containsPattern("observatory totals .* equal");
        assertThat(demo.exitCode()).as(demo.output()).isZero();
    }
}
