package org.vigie.alert.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.vigie.alert.delivery.DeliveryWorker;
import org.vigie.alert.domain.SeverityRule;
import org.vigie.alert.domain.SignalTriage;
import org.vigie.alert.service.AlertIntake;
import org.vigie.alert.service.Occurrence;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.json.VigieJson;
import org.vigie.testkit.PostgresServer;
import org.vigie.testkit.TestTokens;
import org.vigie.testkit.VigieTestResource;

/**
 * Concurrency of the delivery worker and the intake: runs of several deliveries per subscription posted while
 * other subscriptions' runs are in flight keep each subscription's order through failures, and the audit chain
 * stays one verifiable chain when intake batches and delivery passes append at the same time.
 */
@QuarkusTest
@WithTestResource(VigieTestResource.class)
class ConcurrentDeliveryTest {

    @Inject
    DeliveryWorker worker;

    @Inject
    AlertIntake intake;

    @Inject
    SeverityRule rule;

    @Test
    void runs_sent_concurrently_keep_each_subscriptions_order_through_failures() throws Exception {
        String manufacturer = Fixtures.unique("mfr");
        String device = Fixtures.unique("dev");
        Fixtures.register(Fixtures.device(device, manufacturer, "FR"));
        String token = TestTokens.manufacturer(manufacturer);
        int alerts = 12;
        List<WebhookReceiver> receivers = new ArrayList<>();
        List<String> subscriptions = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                WebhookReceiver receiver = new WebhookReceiver();
                receivers.add(receiver);
                Map<String, Object> s = Fixtures.subscribe(token, receiver.url(), Map.of());
                receiver.secret((String) s.get("secret"));
                subscriptions.add((String) s.get("subscriptionId"));
            }
            // Queue every delivery first, so that each subscription's pending deliveries are leased as one run.
            worker.stop();
            try {
                for (int i = 0; i < alerts; i++) {
                    Fixtures.send(Fixtures.belowClaim(device, "site=" + i));
                }
                Eventually.until("all deliveries queued", () -> {
                    for (String s : subscriptions) {
                        if (queued(s).size() != alerts) {
                            return false;
                        }
                    }
                    return true;
                });
            } finally {
                // The first receiver fails its first requests: its run stops at the first failure, the rest
                // of it is released untried and goes out again, in order, after the retry.
                receivers.get(0).failNext(3);
                worker.start();
            }
            Eventually.until("every subscription served", Duration.ofSeconds(60),
                    () -> receivers.stream().allMatch(r -> r.accepted().size() == alerts));
            for (int i = 0; i < receivers.size(); i++) {
                WebhookReceiver receiver = receivers.get(i);
                List<String> order = new ArrayList<>();
                for (WebhookReceiver.Received r : receiver.accepted()) {
                    JsonNode event = VigieJson.mapper().readTree(r.body());
                    order.add(event.path("data").path("alertId").asText() + "#"
                            + event.path("data").path("revision").asText());
                }
                assertThat(order).as("subscription %d", i).containsExactlyElementsOf(queued(subscriptions.get(i)));
                assertThat(receiver.accepted()).extracting(WebhookReceiver.Received::deliveryId)
                        .doesNotHaveDuplicates();
            }
            assertThat(receivers.get(0).requests()).isGreaterThan(alerts);
            // Every outcome is in the audit trail, and the trail is still one chain.
            for (String subscription : subscriptions) {
                Eventually.until("outcomes recorded", () -> auditCount("subscription:" + subscription,
                        "delivery.delivered") == alerts);
            }
            given().auth().oauth2(TestTokens.admin()).get("/v1/audit/verify").then().statusCode(200)
                    .body("ok", equalTo(true));
        } finally {
            receivers.forEach(WebhookReceiver::close);
        }
    }

    @Test
    void the_audit_chain_verifies_after_concurrent_intake_batches_and_delivery_passes() throws Exception {
        String manufacturer = Fixtures.unique("mfr");
        String device = Fixtures.unique("dev");
        Fixtures.register(Fixtures.device(device, manufacturer, "FR"));
        SignalTriage triage = new SignalTriage(rule);
        int batches = 8;
        int perBatch = 25;
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Map<String, Object> s = Fixtures.subscribe(TestTokens.manufacturer(manufacturer), receiver.url(),
                    Map.of());
            receiver.secret((String) s.get("secret"));
            ExecutorService pool = Executors.newFixedThreadPool(batches);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int b = 0; b < batches; b++) {
                    List<Occurrence> batch = new ArrayList<>();
                    for (int i = 0; i < perBatch; i++) {
                        DriftSignal signal = Fixtures.belowClaim(device, "batch=" + b + "/" + i);
                        batch.add(new Occurrence(signal.signalId(), "signal", device, signal.modelVersion(),
                                signal.conditionKey(), triage.of(signal), Map.of("test", b * perBatch + i)));
                    }
                    done.add(pool.submit(() -> {
                        try {
                            return VertxContextSupport.subscribeAndAwait(() -> intake.record(batch));
                        } catch (Throwable e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    assertThat((List<?>) f.get()).hasSize(perBatch);
                }
            } finally {
                pool.shutdownNow();
            }
            int total = batches * perBatch;
            Eventually.until("every alert delivered", Duration.ofSeconds(60),
                    () -> receiver.accepted().size() == total);
            Eventually.until("outcomes recorded", () -> auditCount("subscription:" + s.get("subscriptionId"),
                    "delivery.delivered") == total);
            assertThat(openedFor(device)).isEqualTo(total);
            given().auth().oauth2(TestTokens.admin()).get("/v1/audit/verify").then().statusCode(200)
                    .body("ok", equalTo(true));
        }
    }

    /** A subscription's queued deliveries as "alertId#revision", in delivery order (seq). */
    private static List<String> queued(String subscriptionId) throws Exception {
        try (Connection c = PostgresServer.get().open(); PreparedStatement s = c.prepareStatement(
                "select alert_id, alert_revision from alert.delivery where subscription_id = ? order by seq")) {
            s.setObject(1, UUID.fromString(subscriptionId));
            List<String> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1) + "#" + r.getLong(2));
                }
            }
            return out;
        }
    }

    private static long auditCount(String subject, String action) throws Exception {
        try (Connection c = PostgresServer.get().open(); PreparedStatement s = c.prepareStatement(
                "select count(*) from alert.audit_log where subject = ? and action = ?")) {
            s.setString(1, subject);
            s.setString(2, action);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static long openedFor(String device) throws Exception {
        try (Connection c = PostgresServer.get().open(); PreparedStatement s = c.prepareStatement(
                "select count(*) from alert.audit_log l join alert.alert a on l.subject = 'alert:' || a.alert_id"
                        + " where a.device_id = ? and l.action = 'alert.opened'")) {
            s.setString(1, device);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
