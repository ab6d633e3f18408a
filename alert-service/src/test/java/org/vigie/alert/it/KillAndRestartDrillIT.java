package org.vigie.alert.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.RestAssured;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.json.VigieJson;
import org.vigie.contracts.security.Roles;
import org.vigie.contracts.topics.Topics;
import org.vigie.testkit.KafkaBroker;
import org.vigie.testkit.PostgresServer;
import org.vigie.testkit.TestTokens;
import org.vigie.testkit.TopicProbe;

/**
 * The acceptance drill "the service killed (not a graceful stop) with deliveries pending → all delivered after
 * restart", on the packaged service ({@code target/quarkus-app/quarkus-run.jar}, production profile) run as an OS
 * process of its own against the test kit's real broker and PostgreSQL, configured through the environment as in
 * a deployment. Three subscriptions, one slow receiver each (real HTTP on loopback, signatures verified), which
 * fail their first requests; the process gets SIGKILL ({@link Process#destroyForcibly()}: no shutdown hook, no
 * commit, no lease released) while deliveries are in flight and pending, and is started again on the same
 * database. Then: every delivery arrived, each delivery id acknowledged once, none lost, each subscription's in
 * the order written; a delivery seen twice is a redelivery of the same delivery id (at-least-once: the receiver
 * took it, the killed process never heard the answer), never a second delivery id for the same alert revision.
 *
 * <p>Runs in Failsafe (after {@code package}), so {@code mvn verify} runs it and {@code mvn test} does not.
 */
class KillAndRestartDrillIT {

    private static final int SUBSCRIPTIONS = 3;
    private static final int ALERTS = 40;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void deliveries_pending_when_the_process_is_killed_are_all_delivered_once_per_id_in_order_after_restart()
            throws Exception {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar).as("the packaged service (mvn package builds it)").exists();
        KafkaBroker broker = KafkaBroker.get();
        PostgresServer.Connection pg = PostgresServer.get();
        Path work = Files.createDirectories(Path.of("target", "kill-drill"));
        Path publicKey = work.resolve("public.pem");
        Files.writeString(publicKey, TestTokens.publicKeyPem());
        int port = freePort();
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = port;

        String manufacturer = Fixtures.unique("mfr-kill");
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < ALERTS; i++) {
            devices.add(Fixtures.unique("dev-kill" + i));
        }
        List<WebhookReceiver> receivers = new ArrayList<>();
        try {
            Process first = start(jar, work, broker, pg, publicKey, port, 1);
            awaitReady(first, Duration.ofSeconds(180));
            Fixtures.register(devices.stream().map(d -> Fixtures.device(d, manufacturer, "FR"))
                    .toArray(DeviceRegistration[]::new));

            List<String> subscriptionIds = new ArrayList<>();
            for (int i = 0; i < SUBSCRIPTIONS; i++) {
                WebhookReceiver receiver = new WebhookReceiver();
                receivers.add(receiver);
                Map<String, Object> subscription = Fixtures.subscribe(TestTokens.manufacturer(manufacturer),
                        receiver.url(), Map.of());
                receiver.secret((String) subscription.get("secret"));
                subscriptionIds.add((String) subscription.get("subscriptionId"));
                // Failing first, then slow: retries are pending and requests are in flight when the kill comes.
                receiver.failNext(3);
                receiver.answerAfter(Duration.ofMillis(150));
            }

            Map<String, DriftSignal> signals = new LinkedHashMap<>();
            for (String device : devices) {
                signals.put(device, Fixtures.belowClaim(device, "sex=F"));
            }
            TopicProbe.send(Topics.DRIFT_SIGNALS, signals);
            int expected = ALERTS * SUBSCRIPTIONS;
            Eventually.until("every delivery written to the outbox", Duration.ofSeconds(120),
                    () -> outbox(subscriptionIds).values().stream().mapToInt(List::size).sum() == expected);
            Eventually.until("a part of the deliveries accepted", Duration.ofSeconds(120),
                    () -> accepted(receivers) >= expected / 4);

            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            int acceptedBeforeKill = accepted(receivers);
            Set<String> takenBeforeKill = new HashSet<>();
            receivers.forEach(r -> r.accepted().forEach(a -> takenBeforeKill.add(a.deliveryId())));
            int duplicatesBeforeKill = receivers.stream().mapToInt(r -> r.duplicates().size()).sum();
            int pendingAtKill = pending(subscriptionIds);
            assertThat(acceptedBeforeKill).as("accepted when killed").isLessThan(expected);
            assertThat(pendingAtKill).as("deliveries not recorded as delivered when killed").isPositive();

            Process second = start(jar, work, broker, pg, publicKey, port, 2);
            Eventually.until("every delivery accepted after the restart", Duration.ofSeconds(240), () -> {
                assertThat(second.isAlive()).as("the restarted service is running").isTrue();
                return accepted(receivers) == expected;
            });
            Eventually.until("every outcome recorded", Duration.ofSeconds(60), () -> pending(subscriptionIds) == 0);

            Map<String, List<OutboxRow>> rows = outbox(subscriptionIds);
            Set<String> redelivered = new HashSet<>();
            int duplicates = 0;
            for (int i = 0; i < SUBSCRIPTIONS; i++) {
                WebhookReceiver receiver = receivers.get(i);
                List<OutboxRow> written = rows.get(subscriptionIds.get(i));
                // None lost, each delivery id acknowledged once, in the order the outbox numbered them.
                assertThat(receiver.accepted()).extracting(WebhookReceiver.Received::deliveryId)
                        .containsExactlyElementsOf(written.stream().map(OutboxRow::deliveryId).toList());
                // The body is the delivery it says it is: one alert revision per delivery id, every alert once.
                for (WebhookReceiver.Received r : receiver.accepted()) {
                    JsonNode event = VigieJson.mapper().readTree(r.body());
                    assertThat(event.path("id").asText()).isEqualTo(r.deliveryId());
                }
                assertThat(written).extracting(OutboxRow::alertId).doesNotHaveDuplicates().hasSize(ALERTS);
                // A duplicate is only ever a redelivery of an id the receiver already took.
                Set<String> ids = new HashSet<>(written.stream().map(OutboxRow::deliveryId).toList());
                assertThat(receiver.duplicates()).allSatisfy(id -> assertThat(ids).contains(id));
                redelivered.addAll(receiver.duplicates());
                duplicates += receiver.duplicates().size();
            }
            assertThat(alerts(devices)).as("one alert per signal, whatever was consumed twice").isEqualTo(ALERTS);
            // Only what the killed process had sent and never heard answered comes again, after the restart.
            assertThat(duplicatesBeforeKill).as("redeliveries before the kill").isZero();
            assertThat(redelivered).as("redelivered ids").isSubsetOf(takenBeforeKill);
            String verification = given().auth().oauth2(TestTokens.admin()).get("/v1/audit/verify").then()
                    .statusCode(200).extract().asString();
            assertThat(VigieJson.mapper().readTree(verification).path("ok").asBoolean()).as(verification).isTrue();
            System.out.printf("KILL-DRILL deliveries=%d acceptedBeforeKill=%d pendingAtKill=%d redeliveries=%d"
                    + " (ids %s)%n", expected, acceptedBeforeKill, pendingAtKill, duplicates, redelivered);
        } finally {
            receivers.forEach(WebhookReceiver::close);
        }
    }

    /** The packaged service, production profile, configured as a deployment configures it. */
    private Process start(Path jar, Path work, KafkaBroker broker, PostgresServer.Connection pg, Path publicKey,
                          int port, int run) throws IOException {
        File log = work.resolve("service-run-" + run + ".log").toFile();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-Dquarkus.http.port=" + port,
                // Loopback receivers are allowed in dev and test only; this is the test.
                "-Dvigie.alert.delivery.allow-loopback=true",
                // Fast retries and a short lease, so that the drill takes seconds: a lease held by the killed
                // process expires before the restarted one can take its rows.
                "-Dvigie.alert.delivery.retry-base=200ms", "-Dvigie.alert.delivery.retry-minimum=50ms",
                "-Dvigie.alert.delivery.retry-cap=1s", "-Dvigie.alert.delivery.breaker-open-duration=1s",
                "-Dvigie.alert.delivery.lease=8s", "-Dvigie.alert.delivery.request-timeout=2s",
                // The killed member leaves the consumer group sooner than the default 45 s.
                "-Dkafka.session.timeout.ms=10000",
                "-jar", jar.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log);
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("VIGIE_PG_REACTIVE_URL", pg.reactiveUrl());
        env.put("VIGIE_PG_JDBC_URL", pg.jdbcUrl());
        env.put("VIGIE_PG_USER", pg.user());
        env.put("VIGIE_PG_PASSWORD", pg.password() == null ? "" : pg.password());
        env.put("VIGIE_JWT_PUBLIC_KEY_LOCATION", "file:" + publicKey.toAbsolutePath());
        env.put("VIGIE_JWT_ISSUER", Roles.DEFAULT_ISSUER);
        env.put("VIGIE_OTEL_DISABLED", "true");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static void awaitReady(Process process, Duration timeout) {
        Eventually.until("the service ready", timeout, () -> {
            assertThat(process.isAlive()).as("the service is running (see target/kill-drill)").isTrue();
            return given().get("/q/health/ready").statusCode() == 200;
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int accepted(List<WebhookReceiver> receivers) {
        return receivers.stream().mapToInt(r -> r.accepted().size()).sum();
    }

    record OutboxRow(String deliveryId, String alertId, long revision) {
    }

    /** Each subscription's deliveries in the order the outbox numbered them. */
    private static Map<String, List<OutboxRow>> outbox(List<String> subscriptionIds) throws Exception {
        Map<String, List<OutboxRow>> rows = new LinkedHashMap<>();
        subscriptionIds.forEach(id -> rows.put(id, new ArrayList<>()));
        try (Connection c = PostgresServer.get().open();
             PreparedStatement s = c.prepareStatement("select subscription_id, delivery_id, alert_id, alert_revision"
                     + " from alert.delivery where subscription_id = any(?) order by seq")) {
            s.setArray(1, c.createArrayOf("uuid", subscriptionIds.stream().map(UUID::fromString).toArray()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.get(r.getString(1)).add(new OutboxRow(r.getString(2), r.getString(3), r.getLong(4)));
                }
            }
        }
        return rows;
    }

    private static int pending(List<String> subscriptionIds) throws Exception {
        try (Connection c = PostgresServer.get().open();
             PreparedStatement s = c.prepareStatement("select count(*) from alert.delivery"
                     + " where subscription_id = any(?) and status <> 'DELIVERED'")) {
            s.setArray(1, c.createArrayOf("uuid", subscriptionIds.stream().map(UUID::fromString).toArray()));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static int alerts(List<String> devices) throws Exception {
        try (Connection c = PostgresServer.get().open();
             PreparedStatement s = c.prepareStatement("select count(*) from alert.alert where device_id = any(?)")) {
            s.setArray(1, c.createArrayOf("text", devices.toArray()));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
