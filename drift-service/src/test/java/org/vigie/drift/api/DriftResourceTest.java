package org.vigie.drift.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.FeatureType;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.RiskClass;
import org.vigie.contracts.events.UseCase;
import org.vigie.contracts.topics.Topics;
import org.vigie.testkit.TestTokens;
import org.vigie.testkit.TopicProbe;
import org.vigie.testkit.VigieTestResource;

/**
 * The query API on the running service, its Kafka Streams app consuming the test kit's real broker: the
 * figures come from the state stores, and only the owner, an authority of a jurisdiction where the device
 * is marketed, and admins see them (everyone else: 404, as for a device that does not exist).
 */
@QuarkusTest
@WithTestResource(value = VigieTestResource.class, initArgs = @ResourceArg(name = "postgres", value = "false"))
class DriftResourceTest {

    @Test
    void figures_come_from_the_state_stores_and_are_scoped_by_role() throws Exception {
        String device = "api-" + UUID.randomUUID().toString().substring(0, 8);
        TopicProbe.send(Topics.DEVICE_REGISTRATIONS, Map.of(device, new DeviceRegistration(1, device, "03760123450016",
                null, "acme", "Acme", "m", "1.0", UseCase.values()[0], RiskClass.values()[0], null, "Testing.", List.of("FR"),
                0.5, List.of(), List.of(new DeviceRegistration.InputFeature("x", FeatureType.NUMERIC, null)), List.of(),
                null, Instant.parse("2026-01-01T00:00:00Z"))));
        String admin = TestTokens.admin();
        awaitStatus(device, admin, 200);
        // Three hours of inferences, one every 10 s: the first 2-hour window closes (test profile windows) and, with no
        // registered reference, becomes the version's baseline.
        Random random = new Random(1);
        Map<String, InferenceEvent> batch = new LinkedHashMap<>();
        Instant start = Instant.parse("2026-01-05T00:00:00Z");
        for (int i = 0; i < 1100; i++) {
            InferenceEvent e = new InferenceEvent(InferenceEvent.TYPE, 1, UUID.randomUUID(), device, "1.0", "750100018",
                    "chu", "11", start.plusSeconds(10L * i), "c" + i, Map.of("x", random.nextGaussian()),
                    random.nextDouble(), null, Map.of(), null, null);
            batch.put(device, e);
            TopicProbe.send(Topics.INFERENCES, batch);
            batch.clear();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && given().auth().oauth2(admin).get("/v1/drift/devices/" + device)
                .jsonPath().getList("series").isEmpty()) {
            Thread.sleep(500);
        }
        given().auth().oauth2(TestTokens.manufacturer("acme")).when().get("/v1/drift/devices/" + device).then()
                .statusCode(200).body("versions", contains("1.0"))
                .body("series[0].drift.inferences", equalTo(720))
                .body("series[0].windowKind", equalTo("time"))
                .body("series[0].reference", org.hamcrest.Matchers.startsWith("baseline: first window"));
        given().auth().oauth2(TestTokens.authority("FR")).when().get("/v1/drift/devices/" + device).then().statusCode(200);
        for (String other : List.of(TestTokens.manufacturer("other"), TestTokens.authority("DE"), TestTokens.analyst())) {
            given().auth().oauth2(other).when().get("/v1/drift/devices/" + device).then().statusCode(404)
                    .contentType("application/problem+json");
        }
        given().auth().oauth2(admin).when().get("/v1/drift/devices/not$valid").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(admin).when().get("/v1/drift/devices/no-such-device").then().statusCode(404);
    }

    private static void awaitStatus(String device, String token, int status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline
                && given().auth().oauth2(token).get("/v1/drift/devices/" + device).statusCode() != status) {
            Thread.sleep(500);
        }
        given().auth().oauth2(token).when().get("/v1/drift/devices/" + device).then().statusCode(status);
    }
}
