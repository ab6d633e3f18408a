package org.vigie.alert.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.vigie.alert.delivery.DeliveryWorker;
import org.vigie.alert.it.Eventually;
import org.vigie.alert.it.Fixtures;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.topics.Topics;
import org.vigie.testkit.PostgresServer;
import org.vigie.testkit.TestTokens;
import org.vigie.testkit.TopicProbe;
import org.vigie.testkit.VigieTestResource;

/**
 * The issue's performance targets, measured on the real broker and database of the test kit. Not part of the
 * default run: {@code ../mvnw -B -o test -Dtest=AlertBenchmark -Dvigie.bench=true}. Prints its figures; the
 * assertions only check that the work was done, never a timing.
 */
@QuarkusTest
@WithTestResource(VigieTestResource.class)
@EnabledIfSystemProperty(named = "vigie.bench", matches = "true")
class AlertBenchmark {

    private static final Pattern TIME = Pattern.compile("\"time\":\"([^\"]+)\"");

    @Inject
    DeliveryWorker worker;

    @Test
    void alerts_created_and_routed_per_second() throws Exception {
        int alerts = Integer.getInteger("bench.alerts", 10_000);
        String manufacturer = Fixtures.unique("bench");
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            devices.add(Fixtures.unique("bdev" + i));
        }
        Fixtures.register(devices.stream().map(d -> Fixtures.device(d, manufacturer, "FR"))
                .toArray(org.vigie.contracts.events.DeviceRegistration[]::new));
        // Two recipients per alert: the manufacturer and the authority of its market.
        Fixtures.subscribe(TestTokens.manufacturer(manufacturer), "http://127.0.0.1:9/never", Map.of());
        Fixtures.subscribe(TestTokens.authority("FR"), "http://127.0.0.1:9/never", Map.of());
        worker.stop(); // routing (outbox rows) is measured here, posting in the fan-out benchmark
        try {
            long before = count("select count(*) from alert.alert");
            long deliveriesBefore = count("select count(*) from alert.delivery");
            Map<String, DriftSignal> batch = new LinkedHashMap<>();
            List<Map<String, DriftSignal>> batches = new ArrayList<>();
            for (int i = 0; i < alerts; i++) {
                DriftSignal s = Fixtures.belowClaim(devices.get(i % devices.size()), "cohort=" + i);
                batch.put(s.deviceId() + "#" + i, s);
                if (batch.size() == 1000) {
                    batches.add(batch);
                    batch = new LinkedHashMap<>();
                }
            }
            if (!batch.isEmpty()) {
                batches.add(batch);
            }
            // Keys are "device#i": the partitioner spreads them; the service does not depend on the key.
            batches.forEach(b -> TopicProbe.send(Topics.DRIFT_SIGNALS, b));
            Instant start = Instant.now();
            Eventually.until("all alerts", Duration.ofMinutes(5),
                    () -> count("select count(*) from alert.alert") - before >= alerts);
            Duration took = Duration.between(start, Instant.now());
            long routed = count("select count(*) from alert.delivery") - deliveriesBefore;
            System.out.printf("BENCH created+routed: %d alerts, %d deliveries queued in %d ms = %.0f alerts/s%n",
                    alerts, routed, took.toMillis(), alerts * 1000.0 / took.toMillis());
            assertThat(routed).isGreaterThanOrEqualTo(2L * alerts);
            execute("update alert.delivery set status = 'DEAD_LETTERED' where status = 'PENDING'");
        } finally {
            worker.start();
        }
    }

    @Test
    void fan_out_to_100_subscribers_on_loopback() throws Exception {
        int subscribers = 100;
        int alerts = Integer.getInteger("bench.fanout.alerts", 50);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/hook", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            Matcher m = TIME.matcher(body);
            if (m.find()) {
                latencies.add(Duration.between(Instant.parse(m.group(1)), Instant.now()).toMillis());
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            String manufacturer = Fixtures.unique("fan");
            String device = Fixtures.unique("fdev");
            Fixtures.register(Fixtures.device(device, manufacturer, "FR"));
            String token = TestTokens.manufacturer(manufacturer);
            for (int i = 0; i < subscribers; i++) {
                Fixtures.subscribe(token, "http://127.0.0.1:" + server.getAddress().getPort() + "/hook?s=" + i,
                        Map.of());
            }
            // A steady stream (5 alerts/s, 500 deliveries/s), each alert to all 100 subscribers.
            for (int i = 0; i < alerts; i++) {
                Fixtures.send(Fixtures.belowClaim(device, "fan=" + i));
                Thread.sleep(200);
            }
            Eventually.until("all deliveries", Duration.ofMinutes(3),
                    () -> latencies.size() >= subscribers * alerts);
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("BENCH fan-out: %d deliveries to %d subscribers, p50 %d ms, p99 %d ms, max %d ms%n",
                    sorted.size(), subscribers, sorted.get(sorted.size() / 2),
                    sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1), sorted.get(sorted.size() - 1));
        } finally {
            server.stop(0);
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection c = PostgresServer.get().open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = PostgresServer.get().open(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
