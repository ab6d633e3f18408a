package org.vigie.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.DeviceEvent;
import org.vigie.contracts.json.VigieJson;

/**
 * The HTTP side of the simulator, as a unit test of its client classes: a tiny JDK HttpServer stands in for
 * ingest-service's API (it is not ingest-service, which has its own tests on a real broker and database). It
 * checks what the simulator sends — one device's events per request with that device's token, at most 500,
 * every event once, in event-time order per device — and that it retries a 503 after the Retry-After it was given.
 */
class IngestClientTest {

    private static final ObjectMapper JSON = VigieJson.mapper();

    private HttpServer server;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    private volatile Function<Request, Answer> answer = r -> ok(r);

    private record Request(String path, String authorization, JsonNode body) {
    }

    private record Answer(int status, String body, Map<String, String> headers) {
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] in = exchange.getRequestBody().readAllBytes();
        Request request = new Request(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Authorization"),
                in.length == 0 ? null : JSON.readTree(in));
        requests.add(request);
        Answer a = answer.apply(request);
        a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(a.status(), out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    private static Answer ok(Request r) {
        if (r.path().equals("/v1/events")) {
            return new Answer(200, "{\"accepted\":" + r.body().size() + ",\"duplicates\":0,\"rejected\":[]}", Map.of());
        }
        return new Answer(201, "{}", Map.of());
    }

    private IngestClient client() {
        return new IngestClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                HttpClient.newHttpClient(), Duration.ofMinutes(1), sleeps::add);
    }

    @Test
    void a_503_is_retried_after_its_retry_after_and_the_batch_then_counts_once() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        answer = r -> calls.incrementAndGet() <= 2
                ? new Answer(503, "{\"title\":\"Service Unavailable\"}", Map.of("Retry-After", "7"))
                : new Answer(200, "{\"accepted\":3,\"duplicates\":0,\"rejected\":[]}", Map.of());
        List<DeviceEvent> batch = events(3);
        IngestClient.BatchResult result = client().send(batch, "t");
        assertThat(result.accepted()).isEqualTo(3);
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
        assertThat(requests).hasSize(3).allSatisfy(r -> assertThat(r.body().size()).isEqualTo(3));
    }

    @Test
    void a_400_is_not_retried_and_a_rejected_item_keeps_its_type_and_pointer() throws Exception {
        answer = r -> new Answer(400, "{\"title\":\"Bad Request\",\"detail\":\"The body could not be read.\"}", Map.of());
        assertThatThrownBy(() -> client().send(events(2), "t")).isInstanceOf(IngestClient.IngestException.class)
                .hasMessageContaining("HTTP 400").hasMessageContaining("could not be read");
        assertThat(requests).hasSize(1);
        answer = r -> new Answer(200, "{\"accepted\":1,\"duplicates\":0,\"rejected\":[{\"index\":1,\"type\":\"outcome\","
                + "\"title\":\"Event does not match its contract\",\"pointer\":\"/trueLabel\"}]}", Map.of());
        List<DeviceEvent> two = events(2);
        IngestClient.BatchResult result = client().send(two, "t");
        assertThat(result.rejected()).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo(two.get(1).type());
            assertThat(x.pointer()).isEqualTo("/trueLabel");
        });
        assertThatThrownBy(() -> client().send(events(501), "t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registering_again_is_fine_and_a_conflict_explains_itself() throws Exception {
        var registration = Fleet.create(1).devices().get(0).registration();
        answer = r -> new Answer(200, "{}", Map.of());
        assertThat(client().register(registration, "m")).isFalse();
        answer = r -> new Answer(409, "{\"title\":\"Conflict\",\"detail\":\"a registered version never changes\"}", Map.of());
        assertThatThrownBy(() -> client().register(registration, "m")).hasMessageContaining("fresh platform");
        assertThat(requests.get(0).body().path("deviceId").asText()).isEqualTo(registration.deviceId());
        assertThat(requests.get(0).authorization()).isEqualTo("Bearer m");
    }

    @Test
    void the_sender_posts_each_device_its_own_events_with_its_own_token_in_order_and_accounts_for_each_type() throws Exception {
        Simulation simulation = new Simulation(Fleet.create(42), Scenario.SERIOUS_INCIDENT,
                Timeline.ending(Instant.parse("2026-03-20T12:00:00Z"), 3), 0.05, 1.0);
        Map<String, String> manufacturerOf = new HashMap<>();
        simulation.registrations().forEach(r -> manufacturerOf.put(r.deviceId(), r.manufacturerId()));
        Tokens tokens = new Tokens() {
            @Override
            public String manufacturer(String manufacturerId) {
                return "m-" + manufacturerId;
            }

            @Override
            public String device(String deviceId, String manufacturerId) {
                return "d-" + deviceId;
            }
        };
        Accounting accounting = new Accounting();
        new TelemetrySender(client(), tokens, accounting, 0, Duration.ofMinutes(30), 4, new PrintStream(OutputStream.nullOutputStream()))
                .send(simulation.events(), manufacturerOf, simulation.timeline());

        long generated = 0;
        Map<String, Long> byType = new HashMap<>();
        for (Iterator<DeviceEvent> it = simulation.events(); it.hasNext(); generated++) {
            byType.merge(it.next().type(), 1L, Long::sum);
        }
        Map<String, Instant> lastTimeByDevice = new HashMap<>();
        long posted = 0;
        for (Request r : requests) {
            assertThat(r.body().size()).isBetween(1, IngestClient.MAX_BATCH);
            String device = r.body().get(0).path("deviceId").asText();
            assertThat(r.authorization()).isEqualTo("Bearer d-" + device);
            for (JsonNode e : r.body()) {
                assertThat(e.path("deviceId").asText()).isEqualTo(device);
                posted++;
            }
        }
        // Per device, requests arrive in event-time order (devices post in parallel, one request each at a time).
        synchronized (requests) {
            for (Request r : requests) {
                String device = r.body().get(0).path("deviceId").asText();
                Instant first = time(r.body().get(0));
                assertThat(first).isAfterOrEqualTo(lastTimeByDevice.getOrDefault(device, Instant.MIN));
                lastTimeByDevice.put(device, time(r.body().get(r.body().size() - 1)));
            }
        }
        assertThat(posted).isEqualTo(generated);
        assertThat(accounting.total().sent()).isEqualTo(generated);
        assertThat(accounting.total().accepted()).isEqualTo(generated);
        byType.forEach((type, n) -> assertThat(accounting.of(type).sent()).as(type).isEqualTo(n));
        assertThat(accounting.of("feedback").accepted()).isEqualTo(1);
    }

    @Test
    void local_tokens_carry_the_claims_of_deploy_local_vigie_token() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair pair = generator.generateKeyPair();
        java.nio.file.Path pem = java.nio.file.Files.createTempFile("sim", ".pem");
        java.nio.file.Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        String jwt = new Tokens.LocalKey(pem, "https://vigie.local/issuer").device("helios-mammo-2d", "helios-imaging");
        String[] parts = jwt.split("\\.");
        java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
        rsa.initVerify(pair.getPublic());
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.path("iss").asText()).isEqualTo("https://vigie.local/issuer");
        assertThat(claims.path("groups").get(0).asText()).isEqualTo("device");
        assertThat(claims.path("device_id").asText()).isEqualTo("helios-mammo-2d");
        assertThat(claims.path("manufacturer_id").asText()).isEqualTo("helios-imaging");
        assertThat(claims.path("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());
        java.nio.file.Files.delete(pem);
    }

    private static Instant time(JsonNode e) {
        for (String field : List.of("occurredAt", "observedAt", "reportedAt")) {
            if (e.has(field)) {
                return Instant.parse(e.path(field).asText());
            }
        }
        throw new AssertionError("no time in " + e);
    }

    private static List<DeviceEvent> events(int n) {
        Simulation simulation = new Simulation(Fleet.create(3), Scenario.BASELINE,
                Timeline.ending(Instant.parse("2026-03-20T12:00:00Z"), 2), 0.2, 1.0);
        List<DeviceEvent> out = new ArrayList<>();
        Iterator<DeviceEvent> it = simulation.events();
        while (out.size() < n && it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }
}
