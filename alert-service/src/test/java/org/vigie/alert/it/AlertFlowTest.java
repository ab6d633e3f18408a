package org.vigie.alert.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.vigie.alert.domain.delivery.WebhookSignature;
import org.vigie.contracts.events.Alert;
import org.vigie.contracts.events.AlertDelivery;
import org.vigie.contracts.events.AlertStatus;
import org.vigie.contracts.events.DeliveryStatus;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.events.FeedbackCategory;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.Harm;
import org.vigie.contracts.json.VigieJson;
import org.vigie.contracts.topics.Topics;
import org.vigie.testkit.PostgresServer;
import org.vigie.testkit.TestTokens;
import org.vigie.testkit.TopicProbe;
import org.vigie.testkit.VigieTestResource;

/** Signal in, alert out: on Kafka, in the API, and as a signed webhook a real receiver verifies. */
@QuarkusTest
@WithTestResource(VigieTestResource.class)
class AlertFlowTest {

    @Test
    void a_signal_becomes_an_alert_published_and_delivered_as_a_verified_webhook() throws Exception {
        String manufacturer = Fixtures.unique("mfr");
        String deviceId = Fixtures.unique("dev");
        Fixtures.register(Fixtures.device(deviceId, manufacturer, "FR"));
        try (WebhookReceiver receiver = new WebhookReceiver();
             TopicProbe<java.util.UUID, Alert> alerts = TopicProbe.fromNow(Topics.ALERTS);
             TopicProbe<java.util.UUID, AlertDelivery> outcomes = TopicProbe.fromNow(Topics.ALERT_DELIVERIES)) {
            Map<String, Object> subscription = Fixtures.subscribe(TestTokens.manufacturer(manufacturer),
                    receiver.url(), Map.of());
            receiver.secret((String) subscription.get("secret"));

            DriftSignal signal = Fixtures.belowClaim(deviceId, "sex=F");
            Fixtures.send(signal);

            Eventually.until("the webhook", () -> receiver.accepted().size() == 1);
            WebhookReceiver.Received received = receiver.accepted().get(0);
            assertThat(received.verification()).isEqualTo(WebhookSignature.Verification.VALID);
            JsonNode event = VigieJson.mapper().readTree(received.body());
            assertThat(event.path("specversion").asText()).isEqualTo("1.0");
            assertThat(event.path("id").asText()).isEqualTo(received.deliveryId());
            assertThat(event.path("data").path("deviceId").asText()).isEqualTo(deviceId);
            assertThat(event.path("data").path("manufacturerId").asText()).isEqualTo(manufacturer);
            assertThat(event.path("data").path("kind").asText()).isEqualTo("performance_below_claim");

            List<ConsumerRecord<java.util.UUID, Alert>> published = alerts.await(1,
                    r -> deviceId.equals(r.value().deviceId()), Duration.ofSeconds(30));
            assertThat(published).hasSize(1);
            Alert alert = published.get(0).value();
            assertThat(alert.revision()).isEqualTo(1);
            // Trend evidence on an MDR device marketed in France: an Art. 88 trend report to ANSM.
            assertThat(alert.obligations()).anySatisfy(o -> {
                assertThat(o.regulation()).isEqualTo("EU_MDR");
                assertThat(o.article()).isEqualTo("Art. 88");
                assertThat(o.authority()).isEqualTo("ANSM");
            });
            List<ConsumerRecord<java.util.UUID, AlertDelivery>> delivered = outcomes.await(1,
                    r -> r.value().alertId().equals(alert.alertId()), Duration.ofSeconds(30));
            assertThat(delivered.get(0).value().status()).isEqualTo(DeliveryStatus.DELIVERED);
        }
    }

    @Test
    void a_field_reports_trace_context_reaches_the_subscriber_with_the_webhook() throws Exception {
        String manufacturer = Fixtures.unique("mfr");
        String deviceId = Fixtures.unique("dev");
        Fixtures.register(Fixtures.device(deviceId, manufacturer, "FR"));
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Map<String, Object> subscription = Fixtures.subscribe(TestTokens.manufacturer(manufacturer),
                    receiver.url(), Map.of());
            receiver.secret((String) subscription.get("secret"));
            String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
            String traceparent = "00-" + traceId + "-00f067aa0ba902b7-01";
            FeedbackEvent report = Fixtures.report(deviceId, org.vigie.contracts.events.Harm.SERIOUS,
                    org.vigie.contracts.events.FeedbackCategory.WRONG_OUTPUT);
            java.util.Properties props = new java.util.Properties();
            props.put(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    org.vigie.testkit.KafkaBroker.get().bootstrapServers());
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(props,
                    Topics.FEEDBACK.keySerde().serializer(), Topics.FEEDBACK.valueSerde().serializer())) {
                var record = new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.FEEDBACK.name(), deviceId, report);
                record.headers().add("traceparent", traceparent.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                producer.send(record).get();
            }
            Eventually.until("the webhook", () -> receiver.accepted().size() == 1);
            // The same trace: as it came when tracing is off (as in tests), from the delivery's span when it is on.
            assertThat(receiver.accepted().get(0).traceparent()).startsWith("00-" + traceId + "-");
        }
    }

    @Test
    void a_field_report_read_before_its_devices_registration_reaches_the_manufacturer_once_the_registration_comes()
            throws Exception {
        String manufacturer = Fixtures.unique("mfr");
        String deviceId = Fixtures.unique("dev");
        try (WebhookReceiver receiver = new WebhookReceiver();
             TopicProbe<java.util.UUID, Alert> alerts = TopicProbe.fromNow(Topics.ALERTS)) {
            Map<String, Object> subscription = Fixtures.subscribe(TestTokens.manufacturer(manufacturer),
                    receiver.url(), Map.of());
            receiver.secret((String) subscription.get("secret"));
            // Reports and registrations come on separate channels: here the report is read first.
            Fixtures.send(Fixtures.report(deviceId, Harm.SERIOUS, FeedbackCategory.WRONG_OUTPUT));
            String alertId = Fixtures.awaitAlert(deviceId);
            // Owned by nobody yet: only an admin sees it, no manufacturer receives it.
            given().auth().oauth2(TestTokens.manufacturer(manufacturer)).queryParam("deviceId", deviceId)
                    .get("/v1/alerts").then().statusCode(200).body("items.size()", equalTo(0));
            assertThat(receiver.accepted()).isEmpty();

            Fixtures.register(Fixtures.device(deviceId, manufacturer, "FR"));

            Eventually.until("the webhook", () -> receiver.accepted().size() == 1);
            JsonNode event = VigieJson.mapper().readTree(receiver.accepted().get(0).body());
            assertThat(event.path("data").path("alertId").asText()).isEqualTo(alertId);
            assertThat(event.path("data").path("manufacturerId").asText()).isEqualTo(manufacturer);
            assertThat(event.path("data").path("revision").asInt()).isEqualTo(2);
            given().auth().oauth2(TestTokens.manufacturer(manufacturer)).queryParam("deviceId", deviceId)
                    .get("/v1/alerts").then().statusCode(200).body("items.alertId", hasItem(alertId));
            List<ConsumerRecord<java.util.UUID, Alert>> published = alerts.await(2,
                    r -> deviceId.equals(r.value().deviceId()), Duration.ofSeconds(30));
            Alert first = published.get(0).value();
            Alert owned = published.get(1).value();
            assertThat(first.manufacturerId()).isNull();
            assertThat(owned.manufacturerId()).isEqualTo(manufacturer);
            // Its legal clocks: the French authority's now, still counted from when the report was first known.
            assertThat(owned.obligations()).anySatisfy(o -> assertThat(o.authority()).isEqualTo("ANSM"));
            assertThat(owned.awarenessDate()).isEqualTo(first.awarenessDate());
        }
    }

    @Test
    void the_same_signal_twice_is_one_alert_seen_once_and_a_recurrence_counts_two() {
        String manufacturer = Fixtures.unique("mfr");
        String deviceId = Fixtures.unique("dev");
        Fixtures.register(Fixtures.device(deviceId, manufacturer, "FR"));
        DriftSignal signal = Fixtures.belowClaim(deviceId, "age_band=80+");
        Fixtures.send(signal);
        String alertId = Fixtures.awaitAlert(deviceId);
        // A redelivery of the same message (same signalId) changes nothing ...
        Fixtures.send(signal);
        // ... while the same open condition seen again (a new signalId) updates the alert.
        DriftSignal again = Fixtures.belowClaim(deviceId, "age_band=80+");
        Fixtures.send(again);
        Eventually.until("the recurrence", () -> given().auth().oauth2(TestTokens.admin())
                .get("/v1/alerts/" + alertId).then().extract().jsonPath().getLong("occurrences") == 2);
        Fixtures.send(signal);
        Fixtures.send(again);
        DriftSignal marker = Fixtures.belowClaim(deviceId, "marker=1");
        Fixtures.send(marker);
        // The marker is behind the redeliveries on the same partition: once it is in, they were processed.
        Eventually.until("the marker", () -> given().auth().oauth2(TestTokens.admin())
                .queryParam("deviceId", deviceId).get("/v1/alerts").then().extract().jsonPath()
                .getList("items").size() == 2);
        given().auth().oauth2(TestTokens.admin()).get("/v1/alerts/" + alertId).then().statusCode(200)
                .body("occurrences", equalTo(2)).body("revision", equalTo(2));
    }

    @Test
    void a_death_report_starts_the_ten_day_clock_and_an_ethics_concern_goes_to_the_ethics_channel() {
        String manufacturer = Fixtures.unique("mfr");
        String deviceId = Fixtures.unique("dev");
        Fixtures.register(Fixtures.device(deviceId, manufacturer, "FR"));
        FeedbackEvent death = Fixtures.report(deviceId, Harm.DEATH, FeedbackCategory.WRONG_OUTPUT);
        Fixtures.send(death);
        String alertId = Fixtures.awaitAlert(deviceId);
        var alert = given().auth().oauth2(TestTokens.manufacturer(manufacturer)).get("/v1/alerts/" + alertId)
                .then().statusCode(200).body("severity", equalTo("critical")).extract().jsonPath();
        Instant awareness = Instant.parse(alert.getString("awarenessDate"));
        Instant deadline = Instant.parse(alert.getString("obligations.find { it.article == 'Art. 87(5)' }.deadline"));
        // Day 0 is the awareness day in Paris; due by the end of day 10.
        Instant expected = awareness.atZone(ZoneId.of("Europe/Paris")).toLocalDate().plusDays(11)
                .atStartOfDay(ZoneId.of("Europe/Paris")).toInstant();
        assertThat(deadline).isEqualTo(expected);

        String other = Fixtures.unique("dev");
        Fixtures.register(Fixtures.device(other, manufacturer, "FR"));
        Fixtures.send(Fixtures.report(other, Harm.NONE, FeedbackCategory.BIAS_CONCERN));
        String biasId = Fixtures.awaitAlert(other);
        given().auth().oauth2(TestTokens.authority("FR")).get("/v1/alerts/" + biasId).then().statusCode(200)
                .body("obligations.ethicsChannel", hasItem(true));
    }

    @Test
    void a_manufacturer_acknowledges_and_resolves_with_a_note_and_the_history_shows_it() {
        String manufacturer = Fixtures.unique("mfr");
        String deviceId = Fixtures.unique("dev");
        String alertId = Fixtures.alertBelowClaim(deviceId, manufacturer, "site=A");
        String token = TestTokens.manufacturer(manufacturer);

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of())
                .post("/v1/alerts/" + alertId + "/acknowledge").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.authority("FR")).contentType(ContentType.JSON)
                .body(Map.of("note", "seen")).post("/v1/alerts/" + alertId + "/acknowledge").then().statusCode(403);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("note", "Investigating site A"))
                .post("/v1/alerts/" + alertId + "/acknowledge").then().statusCode(200)
                .body("status", equalTo("acknowledged"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("note", "again"))
                .post("/v1/alerts/" + alertId + "/acknowledge").then().statusCode(409);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("note", "Recalibrated, verified"))
                .post("/v1/alerts/" + alertId + "/resolve").then().statusCode(200)
                .body("status", equalTo("resolved"));

        List<String> actions = given().auth().oauth2(token).get("/v1/alerts/" + alertId + "/history").then()
                .statusCode(200).extract().jsonPath().getList("action");
        assertThat(actions).containsExactly("alert.opened", "alert.acknowledged", "alert.resolved");

        given().auth().oauth2(token).queryParam("status", "resolved").queryParam("deviceId", deviceId)
                .get("/v1/alerts").then().statusCode(200).body("total", equalTo(1));
        given().auth().oauth2(token).queryParam("kind", "no_such_kind").get("/v1/alerts").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void an_acknowledgement_and_an_occurrence_at_once_are_both_kept_in_two_distinct_revisions() throws Exception {
        String manufacturer = Fixtures.unique("mfr");
        String deviceId = Fixtures.unique("dev");
        String alertId = Fixtures.alertBelowClaim(deviceId, manufacturer, "site=A");
        String token = TestTokens.manufacturer(manufacturer);
        try (TopicProbe<java.util.UUID, Alert> alerts = TopicProbe.fromNow(Topics.ALERTS);
             Connection sql = PostgresServer.get().open();
             Connection watch = PostgresServer.get().open()) {
            // A third transaction holds the alert's row, so that both changes reach it while it is held: each must
            // then be applied to the row as the other left it, not to the row as it was before both.
            sql.setAutoCommit(false);
            try (PreparedStatement hold = sql.prepareStatement("select 1 from alert.alert where alert_id = ? for update")) {
                hold.setObject(1, java.util.UUID.fromString(alertId));
                hold.executeQuery().close();
            }
            CompletableFuture<Integer> acknowledged = CompletableFuture.supplyAsync(() -> given().auth().oauth2(token)
                    .contentType(ContentType.JSON).body(Map.of("note", "Investigating site A"))
                    .post("/v1/alerts/" + alertId + "/acknowledge").then().extract().statusCode());
            Fixtures.send(Fixtures.belowClaim(deviceId, "site=A")); // the same condition again: an occurrence
            // Watched from a connection of its own: a transaction sees pg_stat_activity as it was at its first look.
            Eventually.until("both changes waiting for the alert's row", () -> {
                try (var waiting = watch.createStatement().executeQuery("select count(*) from pg_stat_activity"
                        + " where wait_event_type = 'Lock' and datname = current_database()")) {
                    waiting.next();
                    return waiting.getInt(1) >= 2;
                }
            });
            sql.commit();

            assertThat(acknowledged.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            List<Alert> revisions = alerts.await(2, r -> r.value().alertId().toString().equals(alertId),
                    Duration.ofSeconds(30)).stream().map(ConsumerRecord::value).toList();
            assertThat(revisions).extracting(Alert::revision).containsExactlyInAnyOrder(2L, 3L);
            Alert last = revisions.stream().max(java.util.Comparator.comparingLong(Alert::revision)).orElseThrow();
            assertThat(last.status()).isEqualTo(AlertStatus.ACKNOWLEDGED);
            assertThat(last.occurrences()).isEqualTo(2);
        }
        given().auth().oauth2(token).get("/v1/alerts/" + alertId).then().statusCode(200)
                .body("revision", equalTo(3)).body("status", equalTo("acknowledged")).body("occurrences", equalTo(2));
        List<String> actions = given().auth().oauth2(token).get("/v1/alerts/" + alertId + "/history").then()
                .statusCode(200).extract().jsonPath().getList("action");
        assertThat(actions).containsExactlyInAnyOrder("alert.opened", "alert.acknowledged", "alert.occurred");
    }
}
