package org.vigie.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigie.ingest.support.Fixtures;
import org.vigie.ingest.support.IngestTestResource;
import org.vigie.ingest.support.RestartWitness;
import org.vigie.testkit.TopicProbe;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.topics.Topics;
import org.vigie.testkit.TestTokens;

/**
 * Idempotency survives a restart: a second start of the application (another test profile, so Quarkus stops
 * the first and boots anew, on the same database and broker) counts the batch the first start wrote as
 * duplicates and writes nothing. Quarkus runs profiled test classes after the plain ones, so the first start
 * (EventIngestTest) has written the batch by then; run alone, this class has nothing to replay and is skipped.
 */
@QuarkusTest
@TestProfile(IdempotencyAcrossRestartTest.SecondStart.class)
@WithTestResource(IngestTestResource.class)
class IdempotencyAcrossRestartTest {

    public static class SecondStart implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigie.ingest.retry-after-seconds", "6");
        }
    }

    @Test
    void a_batch_written_before_the_restart_is_all_duplicates_after_it() throws Exception {
        assumeTrue(RestartWitness.batch() != null, "EventIngestTest must run first in this JVM (mvn test does so)");
        ArrayNode batch = (ArrayNode) Fixtures.read(RestartWitness.batch());
        Set<String> ids = EventIngestTest.ids(batch);
        assertThat(Fixtures.ledgerRows(ids)).as("rows the first start committed").isEqualTo(ids.size());

        try (TopicProbe<String, InferenceEvent> reader = TopicProbe.fromNow(Topics.INFERENCES)) {
            Fixtures.post(TestTokens.device(RestartWitness.device(), RestartWitness.manufacturer()), batch)
                    .then().statusCode(200)
                    .body("accepted", equalTo(0)).body("duplicates", equalTo(batch.size()));
            assertThat(reader.drain(Duration.ofSeconds(2))).noneMatch(r -> ids.contains(r.value().eventId().toString()));
        }
    }
}
