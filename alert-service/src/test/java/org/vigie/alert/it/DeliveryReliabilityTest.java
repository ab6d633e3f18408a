package org.vigie.alert.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigie.alert.delivery.DeliveryWorker;
import org.vigie.contracts.json.VigieJson;
import org.vigie.testkit.TestTokens;
import org.vigie.testkit.VigieTestResource;

/** At-least-once, in order, through receiver outages and a stopped worker. */
@QuarkusTest
@WithTestResource(VigieTestResource.class)
class DeliveryReliabilityTest {

    @Inject
    DeliveryWorker worker;

    @Test
    void a_receiver_failing_then_healthy_gets_each_alert_once_by_delivery_id_in_order() throws Exception {
        String manufacturer = Fixtures.unique("mfr");
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            devices.add(Fixtures.unique("dev" + i));
        }
        Fixtures.register(devices.stream().map(d -> Fixtures.device(d, manufacturer, "FR"))
                .toArray(org.vigie.contracts.events.DeviceRegistration[]::new));
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Map<String, Object> subscription = Fixtures.subscribe(TestTokens.manufacturer(manufacturer),
                    receiver.url(), Map.of());
            receiver.secret((String) subscription.get("secret"));
            receiver.failNext(4);
            List<String> alertIds = new ArrayList<>();
            for (String device : devices) {
                Fixtures.send(Fixtures.belowClaim(device, "sex=M"));
                alertIds.add(Fixtures.awaitAlert(device));
            }
            Eventually.until("all four deliveries", () -> receiver.accepted().size() == 4);
            assertThat(receiver.requests()).isGreaterThan(4);
            List<String> order = new ArrayList<>();
            for (WebhookReceiver.Received r : receiver.accepted()) {
                JsonNode event = VigieJson.mapper().readTree(r.body());
                order.add(event.path("data").path("alertId").asText());
            }
            assertThat(order).containsExactlyElementsOf(alertIds);
            assertThat(receiver.accepted()).extracting(WebhookReceiver.Received::deliveryId).doesNotHaveDuplicates();
            // The receiver has the requests before the service has their answers: the log catches up after.
            List<List<Map<String, Object>>> logs = new ArrayList<>();
            Eventually.until("every outcome recorded", () -> {
                List<Map<String, Object>> current = given().auth().oauth2(TestTokens.manufacturer(manufacturer))
                        .get("/v1/subscriptions/" + subscription.get("subscriptionId") + "/deliveries").then()
                        .statusCode(200).extract().jsonPath().getList("$");
                logs.add(current);
                return current.size() == 4 && current.stream().allMatch(d -> "delivered".equals(d.get("status")));
            });
            List<Map<String, Object>> log = logs.get(logs.size() - 1);
            assertThat(log).hasSize(4).allSatisfy(d -> assertThat(d.get("status")).isEqualTo("delivered"));
            assertThat(log).anySatisfy(d -> assertThat((Integer) d.get("attempts")).isGreaterThan(1));
        }
    }

    /**
     * The outbox survives the worker: deliveries written while no worker runs, and a worker stopped in the middle
     * of its rounds, are all delivered once a worker starts again on the same database. This stops the worker
     * thread inside the running application; it is not a SIGKILL of the process (see BENCHMARKS.md).
     */
    @Test
    void deliveries_pending_when_the_worker_stops_are_delivered_after_it_restarts() throws Exception {
        String manufacturer = Fixtures.unique("mfr");
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            devices.add(Fixtures.unique("dev" + i));
        }
        Fixtures.register(devices.stream().map(d -> Fixtures.device(d, manufacturer, "DE"))
                .toArray(org.vigie.contracts.events.DeviceRegistration[]::new));
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Map<String, Object> subscription = Fixtures.subscribe(TestTokens.manufacturer(manufacturer),
                    receiver.url(), Map.of());
            receiver.secret((String) subscription.get("secret"));
            Fixtures.send(Fixtures.belowClaim(devices.get(0), "sex=F"));
            Eventually.until("the first delivery", () -> receiver.accepted().size() == 1);
            worker.stop();
            try {
                for (String device : devices.subList(1, devices.size())) {
                    Fixtures.send(Fixtures.belowClaim(device, "sex=F"));
                    Fixtures.awaitAlert(device);
                }
                Thread.sleep(500);
                assertThat(receiver.accepted()).hasSize(1);
            } finally {
                worker.start();
            }
            Eventually.until("all deliveries after restart", () -> receiver.accepted().size() == devices.size());
            assertThat(receiver.accepted()).extracting(WebhookReceiver.Received::deliveryId).doesNotHaveDuplicates();
        }
    }

    @Test
    void a_delivery_can_be_replayed_under_a_new_delivery_id() {
        String manufacturer = Fixtures.unique("mfr");
        String device = Fixtures.unique("dev");
        Fixtures.register(Fixtures.device(device, manufacturer, "FR"));
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String token = TestTokens.manufacturer(manufacturer);
            Map<String, Object> subscription = Fixtures.subscribe(token, receiver.url(), Map.of());
            receiver.secret((String) subscription.get("secret"));
            Fixtures.send(Fixtures.belowClaim(device, "sex=F"));
            Eventually.until("the delivery", () -> receiver.accepted().size() == 1);
            String deliveryId = receiver.accepted().get(0).deliveryId();
            String path = "/v1/subscriptions/" + subscription.get("subscriptionId") + "/deliveries/" + deliveryId
                    + "/replay";
            given().auth().oauth2(token).post(path).then().statusCode(202);
            Eventually.until("the replay", () -> receiver.accepted().size() == 2);
            assertThat(receiver.accepted().get(1).deliveryId()).isNotEqualTo(deliveryId);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
