package org.vigie.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.vigie.ingest.support.Fixtures.batch;
import static org.vigie.ingest.support.Fixtures.inference;
import static org.vigie.ingest.support.Fixtures.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.IngestRejection;
import org.vigie.contracts.json.ContractSchemas;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.json.VigieJson;
import org.vigie.contracts.topics.Topics;
import org.vigie.ingest.support.Fixtures;
import org.vigie.ingest.support.IngestTestResource;
import org.vigie.testkit.TestTokens;
import org.vigie.testkit.TopicProbe;

/**
 * Dead letters on a real broker and a real database: every refused item of a post is on the rejection topic
 * (keyed by the posting device, valid against its contract) and in GET /v1/rejections, scoped like the registry;
 * a privacy refusal carries no copy of the item, so its value is on neither.
 */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
class RejectionsTest {

    static final String MANUFACTURER = Fixtures.unique("acme");
    static final String DEVICE = Fixtures.unique("mammo");
    /** A NIR with a valid key (1 85 05 78 006 084, key 91 = 97 - n mod 97). */
    static final String NIR = nir("1850578006084");
    static final String EMAIL = "jeanne.martin@example.org";
    static String token;

    @BeforeEach
    void registerOnce() {
        if (token == null) {
            Fixtures.register(DEVICE, MANUFACTURER);
            token = TestTokens.device(DEVICE, MANUFACTURER);
        }
    }

    @Test
    void every_refused_item_is_dead_lettered_with_its_reason_and_a_privacy_refusal_without_the_item() throws Exception {
        ArrayNode posted = batch(
                inference(DEVICE),                                   // 0 accepted
                inference(DEVICE).put("score", 2),                   // 1 contract
                inference(DEVICE).put("caseId", NIR),                // 2 privacy: nir
                inference(DEVICE).put("comment", "write to " + EMAIL), // 3 privacy: email (before the contract)
                new TextNode("not an event"),                        // 4 not an object
                inference(DEVICE).put("modelVersion", "9.9.9"));     // 5 unknown model version
        Map<Integer, IngestRejection> letters;
        try (TopicProbe<String, IngestRejection> probe = TopicProbe.fromNow(Topics.INGEST_REJECTIONS)) {
            post(token, posted).then().statusCode(200).body("accepted", equalTo(1)).body("rejected", hasSize(5));
            List<ConsumerRecord<String, IngestRejection>> records =
                    probe.await(5, r -> DEVICE.equals(r.key()), Duration.ofSeconds(30));
            assertThat(records).allSatisfy(r -> {
                assertThat(r.key()).isEqualTo(DEVICE);
                JsonNode written = VigieJson.mapper().readTree(r.value() == null ? new byte[0]
                        : VigieJson.mapper().writeValueAsBytes(r.value()));
                assertThat(ContractSchemas.instance().validate(EventContract.INGEST_REJECTION, written)).isEmpty();
                String raw = new String(Topics.INGEST_REJECTIONS.valueSerde().serialize("", r.value()), StandardCharsets.UTF_8);
                assertThat(raw).doesNotContain(NIR).doesNotContain(EMAIL).doesNotContain("jeanne");
            });
            letters = records.stream().map(ConsumerRecord::value)
                    .collect(Collectors.toMap(IngestRejection::index, Function.identity()));
        }
        assertThat(letters.keySet()).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        assertThat(letters.values()).allSatisfy(l -> {
            assertThat(l.deviceId()).isEqualTo(DEVICE);
            assertThat(l.manufacturerId()).isEqualTo(MANUFACTURER);
        });
        assertThat(letters.get(1).rule()).isEqualTo("contract");
        assertThat(letters.get(1).pointer()).isEqualTo("/score");
        assertThat(letters.get(1).event()).as("a contract refusal carries the (clean) item").isEqualTo(posted.get(1));
        assertThat(letters.get(1).eventId().toString()).isEqualTo(posted.get(1).get("eventId").asText());
        assertThat(letters.get(2).rule()).isEqualTo("nir");
        assertThat(letters.get(2).pointer()).isEqualTo("/caseId");
        assertThat(letters.get(2).event()).as("a privacy refusal carries no copy at all").isNull();
        assertThat(letters.get(3).rule()).isEqualTo("email");
        assertThat(letters.get(3).event()).isNull();
        assertThat(letters.get(4).rule()).isEqualTo("not-an-event");
        assertThat(letters.get(4).event()).isNull();
        assertThat(letters.get(5).rule()).isEqualTo("unknown-model-version");
        assertThat(letters.get(5).event()).isEqualTo(posted.get(5));

        // The same dead letters in PostgreSQL, and the refused values nowhere in it.
        try (Connection c = IngestTestResource.database();
             PreparedStatement s = c.prepareStatement("select count(*), coalesce(string_agg(document, ''), '')"
                     + " from ingest.rejection where device_id = ?")) {
            s.setString(1, DEVICE);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(5);
                assertThat(rs.getString(2)).doesNotContain(NIR).doesNotContain(EMAIL);
            }
        }

        // The manufacturer reads them back, newest first, without the values either.
        Response page = given().auth().oauth2(TestTokens.manufacturer(MANUFACTURER))
                .queryParam("deviceId", DEVICE).get("/v1/rejections");
        page.then().statusCode(200).body("deviceId", equalTo(DEVICE))
                .body("rejections.rule", hasItem("nir")).body("rejections.rule", hasItem("contract"));
        assertThat(page.asString()).doesNotContain(NIR).doesNotContain(EMAIL);
    }

    @Test
    void the_rejections_of_a_device_are_scoped_like_the_device() {
        post(token, batch(inference(DEVICE).put("score", -1))).then().statusCode(200);
        String other = Fixtures.unique("rival");
        for (String reader : List.of(TestTokens.manufacturer(MANUFACTURER), TestTokens.admin(), TestTokens.authority("FR"))) {
            given().auth().oauth2(reader).queryParam("deviceId", DEVICE).get("/v1/rejections")
                    .then().statusCode(200).body("rejections.size()", org.hamcrest.Matchers.greaterThan(0));
        }
        for (String stranger : List.of(TestTokens.manufacturer(other), TestTokens.authority("JP"), TestTokens.analyst(),
                TestTokens.device(DEVICE, MANUFACTURER))) {
            given().auth().oauth2(stranger).queryParam("deviceId", DEVICE).get("/v1/rejections")
                    .then().statusCode(404).contentType("application/problem+json");
        }
        given().auth().oauth2(TestTokens.admin()).queryParam("deviceId", Fixtures.unique("nobody")).get("/v1/rejections")
                .then().statusCode(404).contentType("application/problem+json");
        given().queryParam("deviceId", DEVICE).get("/v1/rejections").then().statusCode(401);
    }

    @Test
    void pages_go_back_in_time_by_cursor_and_since_bounds_them() {
        String device = Fixtures.unique("paged");
        Fixtures.register(device, MANUFACTURER);
        String deviceToken = TestTokens.device(device, MANUFACTURER);
        post(deviceToken, batch(inference(device).put("score", 9))).then().statusCode(200).body("rejected", hasSize(1));
        Instant before = Instant.now();
        post(deviceToken, batch(inference(device).put("score", 3), inference(device).put("score", 4),
                inference(device).put("score", 5))).then().statusCode(200).body("rejected", hasSize(3));
        String manufacturer = TestTokens.manufacturer(MANUFACTURER);
        Response first = given().auth().oauth2(manufacturer).queryParam("deviceId", device)
                .queryParam("since", before.toString()).queryParam("limit", 2).get("/v1/rejections");
        first.then().statusCode(200).body("rejections", hasSize(2));
        long next = first.jsonPath().getLong("next");
        Response second = given().auth().oauth2(manufacturer).queryParam("deviceId", device)
                .queryParam("since", before.toString()).queryParam("limit", 2).queryParam("before", next)
                .get("/v1/rejections");
        second.then().statusCode(200).body("rejections", hasSize(1)).body("next", nullValue());
        List<Integer> indexes = new java.util.ArrayList<>(first.jsonPath().getList("rejections.index", Integer.class));
        indexes.addAll(second.jsonPath().getList("rejections.index", Integer.class));
        assertThat(indexes).containsExactlyInAnyOrder(0, 1, 2);
        given().auth().oauth2(manufacturer).queryParam("deviceId", device)
                .queryParam("since", Instant.now().plusSeconds(3600).toString()).get("/v1/rejections")
                .then().statusCode(200).body("rejections", hasSize(0)).body("next", nullValue());
    }

    @Test
    void bad_parameters_are_problems() {
        String manufacturer = TestTokens.manufacturer(MANUFACTURER);
        given().auth().oauth2(manufacturer).get("/v1/rejections").then().statusCode(400)
                .contentType("application/problem+json").body("errors.pointer", hasItem("/deviceId"));
        for (Map.Entry<String, String> bad : Map.of("since", "yesterday", "limit", "0", "before", "-3").entrySet()) {
            given().auth().oauth2(manufacturer).queryParam("deviceId", DEVICE).queryParam(bad.getKey(), bad.getValue())
                    .get("/v1/rejections").then().statusCode(400).contentType("application/problem+json")
                    .body("errors.pointer", hasItem("/" + bad.getKey()));
        }
        given().auth().oauth2(manufacturer).queryParam("deviceId", DEVICE).queryParam("limit", "1001")
                .get("/v1/rejections").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(manufacturer).queryParam("deviceId", DEVICE).queryParam("limit", "99999999999999999999")
                .get("/v1/rejections").then().statusCode(400).contentType("application/problem+json");
    }

    private static String nir(String thirteen) {
        long key = 97 - Long.parseLong(thirteen) % 97;
        return thirteen + String.format("%02d", key);
    }
}
