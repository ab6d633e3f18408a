package org.vigie.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.vigie.ingest.support.Fixtures.batch;
import static org.vigie.ingest.support.Fixtures.event;
import static org.vigie.ingest.support.Fixtures.inference;
import static org.vigie.ingest.support.Fixtures.inferences;
import static org.vigie.ingest.support.Fixtures.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.UsageEvent;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.topics.Topics;
import org.vigie.ingest.support.Fixtures;
import org.vigie.ingest.support.IngestTestResource;
import org.vigie.ingest.support.RestartWitness;
import org.vigie.testkit.TestTokens;
import org.vigie.testkit.TopicProbe;

/** POST /v1/events on a real broker and a real database: writing, validating, deduplicating. */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
class EventIngestTest {

    static final String MANUFACTURER = Fixtures.unique("acme");
    static final String DEVICE = Fixtures.unique("mammo");
    static final String OTHER_DEVICE = Fixtures.unique("mammo");
    static String token;

    @BeforeEach
    void registerDevicesOnce() {
        if (token != null) {
            return;
        }
        Fixtures.register(DEVICE, MANUFACTURER);
        Fixtures.register(OTHER_DEVICE, MANUFACTURER);
        token = TestTokens.device(DEVICE, MANUFACTURER);
    }

    @Test
    void a_valid_batch_is_on_the_topic_keyed_by_device_with_trace_context_and_a_replay_is_all_duplicates() {
        ArrayNode batch = inferences(DEVICE, 20);
        Set<String> ids = ids(batch);
        try (TopicProbe<String, InferenceEvent> probe = TopicProbe.fromNow(Topics.INFERENCES)) {
            post(token, batch).then().statusCode(200)
                    .body("accepted", equalTo(20)).body("duplicates", equalTo(0)).body("rejected", hasSize(0));
            List<ConsumerRecord<String, InferenceEvent>> records =
                    probe.await(20, r -> ids.contains(r.value().eventId().toString()), Duration.ofSeconds(30));
            assertThat(records).hasSize(20);
            assertThat(records).allSatisfy(r -> {
                assertThat(r.key()).isEqualTo(DEVICE);
                Header traceparent = r.headers().lastHeader("traceparent");
                assertThat(traceparent).as("W3C trace context header").isNotNull();
                assertThat(new String(traceparent.value(), StandardCharsets.UTF_8)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
            });
            assertThat(records.stream().map(r -> r.value().eventId().toString()).collect(Collectors.toSet())).isEqualTo(ids);
            // Same device, same partition: the batch's order is kept.
            assertThat(records.stream().map(ConsumerRecord::partition).distinct()).hasSize(1);

            post(token, batch).then().statusCode(200)
                    .body("accepted", equalTo(0)).body("duplicates", equalTo(20)).body("rejected", hasSize(0));
            assertThat(probe.drain(Duration.ofSeconds(2)))
                    .noneMatch(r -> ids.contains(r.value().eventId().toString()));
        }
        // IdempotencyAcrossRestartTest replays it on the next start of the application.
        RestartWitness.written(DEVICE, MANUFACTURER, batch.toString());
    }

    /**
     * The ledger first tries a plain insert (every id new); one id already recorded makes PostgreSQL refuse it whole,
     * and the batch is recorded again skipping the known ids: the new half is written once, the rest are duplicates.
     */
    @Test
    void a_batch_half_replayed_writes_only_its_new_half() {
        ArrayNode first = inferences(DEVICE, 10);
        post(token, first).then().statusCode(200).body("accepted", equalTo(10));
        ArrayNode fresh = inferences(DEVICE, 10);
        ArrayNode mixed = batch();
        for (int i = 0; i < 10; i++) {
            mixed.add(fresh.get(i));
            mixed.add(first.get(i));
        }
        Set<String> all = ids(mixed);
        try (TopicProbe<String, InferenceEvent> probe = TopicProbe.fromNow(Topics.INFERENCES)) {
            post(token, mixed).then().statusCode(200)
                    .body("accepted", equalTo(10)).body("duplicates", equalTo(10)).body("rejected", hasSize(0));
            List<ConsumerRecord<String, InferenceEvent>> records =
                    probe.await(10, r -> all.contains(r.value().eventId().toString()), Duration.ofSeconds(30));
            assertThat(records.stream().map(r -> r.value().eventId().toString()).collect(Collectors.toSet()))
                    .isEqualTo(ids(fresh));
            assertThat(probe.drain(Duration.ofSeconds(2))).noneMatch(r -> all.contains(r.value().eventId().toString()));
        }
    }

    /** The same batch posted by four requests at once: written once in all, the other copies counted as duplicates. */
    @Test
    void the_same_batch_posted_concurrently_is_written_once() throws Exception {
        ArrayNode batch = inferences(DEVICE, 200);
        Set<String> ids = ids(batch);
        try (TopicProbe<String, InferenceEvent> probe = TopicProbe.fromNow(Topics.INFERENCES)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<int[]>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(pool.submit(() -> {
                    Response r = post(token, batch);
                    assertThat(r.statusCode()).isEqualTo(200);
                    return new int[] {r.path("accepted"), r.path("duplicates")};
                }));
            }
            int accepted = 0;
            int duplicates = 0;
            for (Future<int[]> answer : answers) {
                accepted += answer.get()[0];
                duplicates += answer.get()[1];
            }
            pool.shutdown();
            assertThat(accepted).isEqualTo(200);
            assertThat(duplicates).isEqualTo(600);
            List<ConsumerRecord<String, InferenceEvent>> records =
                    probe.await(200, r -> ids.contains(r.value().eventId().toString()), Duration.ofSeconds(30));
            assertThat(records.stream().map(r -> r.value().eventId().toString()).collect(Collectors.toSet())).isEqualTo(ids);
            assertThat(probe.drain(Duration.ofSeconds(2))).noneMatch(r -> ids.contains(r.value().eventId().toString()));
        }
    }

    @Test
    void a_mixed_batch_writes_each_type_to_its_topic_and_reports_each_invalid_item_with_its_pointer() {
        ObjectNode inference = inference(DEVICE);
        ObjectNode outcome = event(EventContract.OUTCOME, DEVICE);
        ObjectNode usage = event(EventContract.USAGE, DEVICE);
        ObjectNode feedback = event(EventContract.FEEDBACK, DEVICE);
        ObjectNode scoreTooHigh = inference(DEVICE).put("score", 1.7);
        ObjectNode missingCase = inference(DEVICE);
        missingCase.remove("caseId");
        ObjectNode unknownType = inference(DEVICE).put("type", "telepathy");
        ObjectNode future = inference(DEVICE).put("occurredAt", Instant.now().plus(1, ChronoUnit.HOURS).toString());
        ObjectNode tooOld = inference(DEVICE).put("occurredAt", Instant.now().minus(31, ChronoUnit.DAYS).toString());
        ObjectNode unknownVersion = inference(DEVICE).put("modelVersion", "9.9.9");
        ArrayNode batch = batch(inference, scoreTooHigh, outcome, missingCase, usage, unknownType, feedback, future,
                tooOld, unknownVersion);

        try (TopicProbe<String, OutcomeEvent> outcomes = TopicProbe.fromNow(Topics.OUTCOMES);
             TopicProbe<String, UsageEvent> usages = TopicProbe.fromNow(Topics.USAGES)) {
            post(token, batch).then().statusCode(200)
                    .body("accepted", equalTo(4))
                    .body("duplicates", equalTo(0))
                    .body("rejected.index", equalTo(List.of(1, 3, 5, 7, 8, 9)))
                    .body("rejected.pointer", equalTo(List.of("/score", "/caseId", "/type", "/occurredAt", "/occurredAt",
                            "/modelVersion")))
                    .body("rejected[0].eventId", equalTo(scoreTooHigh.get("eventId").asText()))
                    .body("rejected[0].type", equalTo("inference"))
                    .body("rejected[0].title", equalTo("Event does not match its contract"))
                    .body("rejected[3].detail", containsString("in the future"))
                    .body("rejected[4].detail", containsString("horizon"));
            assertThat(outcomes.await(1, r -> r.value().eventId().toString().equals(outcome.get("eventId").asText()),
                    Duration.ofSeconds(20))).hasSize(1);
            assertThat(usages.await(1, r -> r.value().eventId().toString().equals(usage.get("eventId").asText()),
                    Duration.ofSeconds(20))).hasSize(1);
        }
    }

    @Test
    void ndjson_and_gzip_are_accepted() throws Exception {
        String ndjson = StreamSupport.stream(inferences(DEVICE, 3).spliterator(), false)
                .map(JsonNode::toString).collect(Collectors.joining("\n")) + "\n";
        given().auth().oauth2(token).contentType("application/x-ndjson").body(ndjson.getBytes(StandardCharsets.UTF_8)).post("/v1/events")
                .then().statusCode(200).body("accepted", equalTo(3));

        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(inferences(DEVICE, 4).toString().getBytes(StandardCharsets.UTF_8));
        }
        given().auth().oauth2(token).contentType(ContentType.JSON).header("Content-Encoding", "gzip")
                .body(zipped.toByteArray()).post("/v1/events")
                .then().statusCode(200).body("accepted", equalTo(4));
    }

    @Test
    void a_device_token_posts_only_for_its_own_device() {
        ObjectNode forOther = inference(OTHER_DEVICE);
        post(token, batch(forOther)).then().statusCode(200)
                .body("accepted", equalTo(0))
                .body("rejected[0].title", equalTo("Not your device"))
                .body("rejected[0].pointer", equalTo("/deviceId"));
    }

    @Test
    void an_unregistered_device_is_refused_per_item() {
        String stranger = Fixtures.unique("ghost");
        post(TestTokens.device(stranger, MANUFACTURER), batch(inference(stranger))).then().statusCode(200)
                .body("accepted", equalTo(0)).body("rejected[0].title", equalTo("Unknown device"));
    }

    @Test
    void limits_and_unreadable_bodies_are_problems() {
        post(token, inferences(DEVICE, 5001)).then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("[{\"type\": \"inference\",").post("/v1/events")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"type\": \"inference\"}").post("/v1/events")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType(ContentType.TEXT).body("[]").post("/v1/events")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void other_roles_cannot_post_events() {
        given().auth().oauth2(TestTokens.manufacturer(MANUFACTURER)).contentType(ContentType.JSON)
                .body(batch(inference(DEVICE)).toString()).post("/v1/events")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void events_are_counted_by_type_and_outcome() {
        post(token, batch(inference(DEVICE), inference(DEVICE).put("score", 2))).then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("vigie_ingest_events_total{outcome=\"accepted\",type=\"inference\"}"))
                .body(containsString("vigie_ingest_events_total{outcome=\"rejected\",type=\"inference\"}"))
                .body(containsString("vigie_ingest_request_seconds_bucket"))
                .body(containsString("vigie_ingest_batch_size_events"));
    }

    static Set<String> ids(ArrayNode batch) {
        return StreamSupport.stream(batch.spliterator(), false).map(e -> e.get("eventId").asText())
                .collect(Collectors.toSet());
    }
}
