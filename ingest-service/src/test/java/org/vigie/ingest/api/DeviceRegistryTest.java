package org.vigie.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.topics.Topics;
import org.vigie.ingest.support.Fixtures;
import org.vigie.ingest.support.IngestTestResource;
import org.vigie.testkit.TestTokens;
import org.vigie.testkit.TopicProbe;

/** The device registry on a real database and broker: validation, versions, publication, tenant scoping. */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
class DeviceRegistryTest {

    static io.restassured.response.ValidatableResponse register(String token, ObjectNode registration) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(registration.toString())
                .post("/v1/devices").then();
    }

    @Test
    void a_registration_is_stored_every_version_kept_and_published_one_record_per_version_in_the_devices_partition() {
        String manufacturer = Fixtures.unique("acme");
        String device = Fixtures.unique("mammo");
        String token = TestTokens.manufacturer(manufacturer);
        try (TopicProbe<String, DeviceRegistration> probe = TopicProbe.fromNow(Topics.DEVICE_REGISTRATIONS)) {
            register(token, Fixtures.registration(device, manufacturer, "1.0.0")).statusCode(201)
                    .header("Location", org.hamcrest.Matchers.endsWith("/v1/devices/" + device + "/versions/1.0.0"))
                    .body("registeredAt", org.hamcrest.Matchers.notNullValue());
            register(token, Fixtures.registration(device, manufacturer, "2.0.0")).statusCode(201);
            List<ConsumerRecord<String, DeviceRegistration>> records =
                    probe.await(2, r -> device.equals(r.value().deviceId()), Duration.ofSeconds(20));
            assertThat(records).extracting(r -> r.value().modelVersion()).containsExactly("1.0.0", "2.0.0");
            // The topic is compacted: one key per version, or compaction would keep only the device's latest version.
            assertThat(records).extracting(ConsumerRecord::key).containsExactly(device + "/1.0.0", device + "/2.0.0");
            // Both in the partition Kafka's own partitioner gives the deviceId (a device's versions stay in order).
            int partition = BuiltInPartitioner.partitionForKey(device.getBytes(StandardCharsets.UTF_8),
                    Topics.DEVICE_REGISTRATIONS.partitions());
            assertThat(records).extracting(ConsumerRecord::partition).containsExactly(partition, partition);
        }
        // The same registration again is a retry, not an error; other content for the same version is a conflict.
        register(token, Fixtures.registration(device, manufacturer, "2.0.0")).statusCode(200);
        register(token, Fixtures.registration(device, manufacturer, "2.0.0").put("decisionThreshold", 0.4))
                .statusCode(409).contentType("application/problem+json");

        given().auth().oauth2(token).get("/v1/devices/" + device).then().statusCode(200)
                .body("modelVersion", equalTo("2.0.0"));
        given().auth().oauth2(token).get("/v1/devices/" + device + "/versions").then().statusCode(200)
                .body("modelVersion", equalTo(List.of("1.0.0", "2.0.0")));
        given().auth().oauth2(token).get("/v1/devices/" + device + "/versions/1.0.0").then().statusCode(200)
                .body("modelVersion", equalTo("1.0.0"));
        given().auth().oauth2(token).get("/v1/devices").then().statusCode(200)
                .body("deviceId", equalTo(List.of(device)));
    }

    @Test
    void a_manufacturer_cannot_register_nor_read_another_manufacturers_devices() {
        String owner = Fixtures.unique("acme");
        String rival = Fixtures.unique("rival");
        String device = Fixtures.unique("mammo");
        Fixtures.register(device, owner);

        register(TestTokens.manufacturer(rival), Fixtures.registration(Fixtures.unique("x"), owner, "1"))
                .statusCode(403).contentType("application/problem+json");
        register(TestTokens.manufacturer(rival), Fixtures.registration(device, rival, "9"))
                .statusCode(409).contentType("application/problem+json");
        for (String path : List.of("", "/versions", "/versions/" + Fixtures.MODEL_VERSION)) {
            given().auth().oauth2(TestTokens.manufacturer(rival)).get("/v1/devices/" + device + path)
                    .then().statusCode(404).contentType("application/problem+json");
        }
        given().auth().oauth2(TestTokens.manufacturer(rival)).get("/v1/devices").then().statusCode(200)
                .body("deviceId", not(hasItem(device)));
        given().auth().oauth2(TestTokens.device(device, owner)).get("/v1/devices/" + device).then().statusCode(404);
        given().auth().oauth2(TestTokens.analyst()).contentType(ContentType.JSON)
                .body(Fixtures.registration(device, owner, "3").toString()).post("/v1/devices").then().statusCode(403);
    }

    @Test
    void an_authority_reads_the_devices_of_its_jurisdiction_and_an_admin_all() {
        String manufacturer = Fixtures.unique("acme");
        String device = Fixtures.unique("mammo");
        Fixtures.register(device, manufacturer); // marketed in FR, DE, US
        given().auth().oauth2(TestTokens.authority("FR")).get("/v1/devices/" + device).then().statusCode(200);
        given().auth().oauth2(TestTokens.authority("FR")).get("/v1/devices").then().statusCode(200)
                .body("deviceId", hasItem(device));
        given().auth().oauth2(TestTokens.authority("IT")).get("/v1/devices/" + device).then().statusCode(404);
        given().auth().oauth2(TestTokens.admin()).get("/v1/devices/" + device).then().statusCode(200);
        register(TestTokens.admin(), Fixtures.registration(device, manufacturer, "3.0.0")).statusCode(201);
    }

    @Test
    void invalid_registrations_are_refused_with_the_pointer_of_each_field() {
        String manufacturer = Fixtures.unique("acme");
        String token = TestTokens.manufacturer(manufacturer);
        String device = Fixtures.unique("mammo");
        register(token, Fixtures.registration(device, manufacturer, "1").put("udiDi", "03760123450016"))
                .statusCode(400).contentType("application/problem+json").body("errors.pointer", hasItem("/udiDi"));
        register(token, Fixtures.registration(device, manufacturer, "1").put("riskClass", "IV"))
                .statusCode(400).body("errors.pointer", hasItem("/riskClass"));
        ObjectNode nonMonotone = Fixtures.registration(device, manufacturer, "1");
        ObjectNode numeric = (ObjectNode) nonMonotone.withArray("inputFeatures").get(1);
        assertThat(numeric.get("type").asText()).isEqualTo("numeric");
        ((com.fasterxml.jackson.databind.node.ArrayNode) numeric.get("reference").get("quantiles")).set(0,
                com.fasterxml.jackson.databind.node.DoubleNode.valueOf(1e6));
        register(token, nonMonotone).statusCode(400).body("errors.pointer", hasItem("/inputFeatures/1/reference/quantiles/1"));
        ObjectNode duplicateFeature = Fixtures.registration(device, manufacturer, "1");
        ((ObjectNode) duplicateFeature.withArray("inputFeatures").get(1)).put("name",
                duplicateFeature.withArray("inputFeatures").get(0).get("name").asText());
        register(token, duplicateFeature).statusCode(400).body("errors.pointer", hasItem("/inputFeatures/1/name"));
        register(token, Fixtures.registration(device, manufacturer, "1").put("intendedPurpose", "Contact jean.dupont@example.org"))
                .statusCode(400).body("errors.pointer", hasItem("/intendedPurpose"))
                .body(not(org.hamcrest.Matchers.containsString("dupont")));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"deviceId\": ").post("/v1/devices")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).get("/v1/devices/" + device).then().statusCode(404);
    }
}
