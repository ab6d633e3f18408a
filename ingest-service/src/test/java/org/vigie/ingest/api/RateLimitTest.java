package org.vigie.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.vigie.ingest.support.Fixtures.inferences;
import static org.vigie.ingest.support.Fixtures.post;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.IngestRejection;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.topics.Topics;
import org.vigie.ingest.support.Fixtures;
import org.vigie.ingest.support.IngestTestResource;
import org.vigie.testkit.TestTokens;
import org.vigie.testkit.TopicProbe;

/**
 * The per-device rate limit on the real path: a bucket of 20 events that refills at one event per 1,000 s, so
 * the test does not depend on how fast it runs. A refused post is a 429 problem with Retry-After and leaves
 * nothing behind: no event on the topic, no ledger row, no dead letter; another device is not affected.
 */
@QuarkusTest
@TestProfile(RateLimitTest.SmallBucket.class)
@WithTestResource(IngestTestResource.class)
class RateLimitTest {

    public static class SmallBucket implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigie.ingest.rate-limit.events-per-second", "0.001",
                    "vigie.ingest.rate-limit.burst", "20");
        }
    }

    @Test
    void a_device_over_its_bucket_gets_429_with_retry_after_and_nothing_of_that_post_is_written() throws Exception {
        String manufacturer = Fixtures.unique("acme");
        String device = Fixtures.unique("mammo");
        String neighbour = Fixtures.unique("mammo");
        Fixtures.register(device, manufacturer);
        Fixtures.register(neighbour, manufacturer);
        String token = TestTokens.device(device, manufacturer);

        post(token, inferences(device, 15)).then().statusCode(200).body("accepted", equalTo(15));

        ArrayNode tooMany = inferences(device, 6); // 5 tokens left
        tooMany.add(Fixtures.inference(device).put("score", 7)); // a refused item would be dead-lettered if read
        Set<String> ids = EventIngestTest.ids(tooMany);
        try (TopicProbe<String, InferenceEvent> events = TopicProbe.fromNow(Topics.INFERENCES);
             TopicProbe<String, IngestRejection> letters = TopicProbe.fromNow(Topics.INGEST_REJECTIONS)) {
            post(token, tooMany).then().statusCode(429).contentType("application/problem+json")
                    .header("Retry-After", equalTo(Long.toString((long) Math.ceil(2 / 0.001))))
                    .body("status", equalTo(429)).body("title", equalTo("Too many events"));
            // The neighbour's bucket is its own; its post also proves the broker is being read.
            post(TestTokens.device(neighbour, manufacturer), inferences(neighbour, 5)).then().statusCode(200)
                    .body("accepted", equalTo(5));
            assertThat(events.await(5, r -> neighbour.equals(r.key()), Duration.ofSeconds(30))).hasSize(5);
            assertThat(events.drain(Duration.ofSeconds(1))).noneMatch(r -> ids.contains(r.value().eventId().toString()));
            assertThat(letters.drain(Duration.ofSeconds(1))).noneMatch(r -> device.equals(r.key()));
        }
        assertThat(Fixtures.ledgerRows(ids)).isZero();

        // What is left still fits: the refused post took no token.
        post(token, inferences(device, 5)).then().statusCode(200).body("accepted", equalTo(5));

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("vigie_ingest_events_total{outcome=\"rate_limited\",type=\"inference\"} 7.0"))
                .body(containsString("vigie_ingest_rate_limited_requests_total 1.0"));
    }

    @Test
    void a_post_larger_than_the_burst_is_413_since_waiting_would_not_help() {
        String manufacturer = Fixtures.unique("acme");
        String device = Fixtures.unique("mammo");
        Fixtures.register(device, manufacturer);
        post(TestTokens.device(device, manufacturer), inferences(device, 21)).then().statusCode(413)
                .contentType("application/problem+json").body("detail", containsString("at most 20 events"));
    }
}
