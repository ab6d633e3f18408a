package org.vigie.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Plain JUnit on loopback: the demo's receiver accepts what the platform signs, refuses a wrong or stale
 * signature, and processes a redelivered delivery id once.
 */
class WebhookReceiverTest {

    private static final String SECRET = "whsec_test";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void verifies_signatures_and_deduplicates_deliveries() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(0, Clock.systemUTC(), d -> { })) {
            receiver.secret(SECRET);
            String body = "{\"specversion\":\"1.0\",\"id\":\"d-1\",\"data\":{\"kind\":\"data_drift\",\"deviceId\":\"dev-1\"}}";
            long now = Instant.now().getEpochSecond();

            assertThat(post(receiver, "d-1", sign(now, body, SECRET), body)).isEqualTo(204);
            assertThat(post(receiver, "d-1", sign(now, body, SECRET), body)).as("redelivery").isEqualTo(204);
            assertThat(post(receiver, "d-2", sign(now, body, "someone-else"), body)).isEqualTo(401);
            assertThat(post(receiver, "d-3", sign(now - 3600, body, SECRET), body)).as("stale").isEqualTo(401);
            assertThat(post(receiver, "d-4", sign(now, body, SECRET), body.replace("dev-1", "dev-2"))).as("tampered")
                    .isEqualTo(401);

            assertThat(receiver.deliveries()).hasSize(1);
            assertThat(receiver.deliveries().get(0).alert().path("deviceId").asText()).isEqualTo("dev-1");
            assertThat(receiver.redelivered()).isEqualTo(1);
            assertThat(receiver.refused()).isEqualTo(3);
        }
    }

    private int post(WebhookReceiver receiver, String deliveryId, String signature, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(receiver.url()))
                .header("Vigie-Delivery-Id", deliveryId).header("Vigie-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String sign(long t, String body, String secret) {
        byte[] mac = WebhookReceiver.hmac(secret.getBytes(StandardCharsets.UTF_8),
                (t + ".").getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8));
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac);
    }
}
