package org.vigie.alert.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.vigie.testkit.TestTokens;
import org.vigie.testkit.VigieTestResource;

/** Manufacturer A never sees B's alerts, subscriptions, deliveries or stream events: 404, never 403. */
@QuarkusTest
@WithTestResource(VigieTestResource.class)
class TenancyTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void every_endpoint_answers_404_for_another_tenants_data() throws Exception {
        String a = Fixtures.unique("mfr-a");
        String b = Fixtures.unique("mfr-b");
        String deviceB = Fixtures.unique("dev-b");
        Fixtures.register(Fixtures.device(deviceB, b, "DE"));
        String tokenA = TestTokens.manufacturer(a);
        String tokenB = TestTokens.manufacturer(b);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Map<String, Object> subB = Fixtures.subscribe(tokenB, receiver.url(), Map.of());
            receiver.secret((String) subB.get("secret"));
            List<String> streamedToA = new CopyOnWriteArrayList<>();
            HttpClient client = HttpClient.newHttpClient();
            var stream = client.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                            + "/v1/alerts/stream")).header("Authorization", "Bearer " + tokenA)
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(r -> r.body().forEach(streamedToA::add));
            List<String> streamedToB = new CopyOnWriteArrayList<>();
            var streamB = client.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                            + "/v1/alerts/stream")).header("Authorization", "Bearer " + tokenB)
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(r -> r.body().forEach(streamedToB::add));
            Thread.sleep(500);

            Fixtures.send(Fixtures.belowClaim(deviceB, "sex=F"));
            String alertB = Fixtures.awaitAlert(deviceB);
            Eventually.until("B's webhook", () -> receiver.accepted().size() == 1);
            String deliveryB = receiver.accepted().get(0).deliveryId();
            Eventually.until("B's stream event", () -> streamedToB.stream().anyMatch(l -> l.contains(alertB)));

            String subscription = "/v1/subscriptions/" + subB.get("subscriptionId");
            for (String path : List.of("/v1/alerts/" + alertB, "/v1/alerts/" + alertB + "/history",
                    "/v1/alerts/" + alertB + "/fhir", "/v1/alerts/" + alertB + "/mir", subscription,
                    subscription + "/deliveries")) {
                given().auth().oauth2(tokenA).get(path).then().statusCode(404)
                        .contentType("application/problem+json");
                given().auth().oauth2(TestTokens.authority("FR")).get(path).then().statusCode(404);
            }
            for (String action : List.of("acknowledge", "resolve")) {
                given().auth().oauth2(tokenA).contentType(ContentType.JSON).body(Map.of("note", "not mine"))
                        .post("/v1/alerts/" + alertB + "/" + action).then().statusCode(404);
            }
            given().auth().oauth2(tokenA).post(subscription + "/deliveries/" + deliveryB + "/replay").then()
                    .statusCode(404);
            given().auth().oauth2(tokenA).delete(subscription).then().statusCode(404);
            given().auth().oauth2(tokenA).queryParam("deviceId", deviceB).get("/v1/alerts").then().statusCode(200)
                    .body("total", equalTo(0));
            assertThat(given().auth().oauth2(tokenA).get("/v1/subscriptions").then().statusCode(200).extract()
                    .jsonPath().getList("subscriptionId")).doesNotContain(subB.get("subscriptionId"));
            // The owner and the authority of B's market do see it; the secret is never shown again.
            given().auth().oauth2(tokenB).get("/v1/alerts/" + alertB).then().statusCode(200);
            given().auth().oauth2(TestTokens.authority("DE")).get("/v1/alerts/" + alertB).then().statusCode(200);
            given().auth().oauth2(tokenB).get(subscription).then().statusCode(200)
                    .body("secret", equalTo(null));
            given().auth().oauth2(TestTokens.analyst()).get("/v1/alerts/" + alertB).then().statusCode(404);

            assertThat(streamedToA).noneMatch(l -> l.contains(alertB));
            stream.cancel(true);
            streamB.cancel(true);
        }
    }

    @Test
    void subscriptions_refuse_private_callbacks_without_echoing_them() {
        given().auth().oauth2(TestTokens.manufacturer("m-ssrf")).contentType(ContentType.JSON)
                .body(Map.of("callbackUrl", "http://169.254.169.254/latest/meta-data"))
                .post("/v1/subscriptions").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/callbackUrl"));
    }
}
