package org.vigie.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.vigie.contracts.json.VigieJson;

/**
 * The demo's webhook subscriber: what a manufacturer's or an authority's receiver should do. It verifies
 * {@code Vigie-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">} against the subscription's secret
 * (constant-time, with a tolerance on t against replays), answers 401 to a bad signature so the platform
 * retries, and keeps each {@code Vigie-Delivery-Id} once: a redelivery is acknowledged and not processed
 * again. Written against the JDK only, so it is also a template for a receiver.
 */
public final class WebhookReceiver implements AutoCloseable {

    public static final String PATH = "/webhook";
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = VigieJson.mapper();

    /**
     * A delivery as received and verified, with the moment it was read and the W3C trace context it carried
     * (null when the platform sends none).
     */
    public record Delivery(String deliveryId, boolean verified, JsonNode alert, java.time.Instant receivedAt,
                          String traceparent) {
    }

    private final int port;
    private volatile HttpServer server;
    private volatile boolean failing;
    private final Clock clock;
    private volatile byte[] secret;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final List<Delivery> deliveries = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Consumer<Delivery> onDelivery;
    private volatile int refused;
    private volatile int redelivered;
    private volatile int failed;

    public WebhookReceiver(int port, Clock clock, Consumer<Delivery> onDelivery) throws IOException {
        this.clock = clock;
        this.onDelivery = onDelivery;
        this.server = listen(port);
        this.port = server.getAddress().getPort();
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer created = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 64);
        created.createContext(PATH, this::handle);
        created.setExecutor(Executors.newFixedThreadPool(4));
        created.start();
        return created;
    }

    public String url() {
        return "http://127.0.0.1:" + port + PATH;
    }

    /** Takes the receiver off the network: connections are refused until {@link #restart()}. */
    public synchronized void shutDown() {
        HttpServer current = server;
        if (current != null) {
            current.stop(0);
            ((java.util.concurrent.ExecutorService) current.getExecutor()).shutdownNow();
            server = null;
        }
    }

    /** Listens again on the same port, with what it had received and de-duplicated so far. */
    public synchronized void restart() throws IOException {
        if (server == null) {
            server = listen(port);
        }
    }

    /** While failing, every delivery is answered 503 (a receiver whose back end is down): the platform retries. */
    public void failing(boolean value) {
        this.failing = value;
    }

    /** Requests answered 503 while failing. */
    public int failed() {
        return failed;
    }

    /** The subscription's secret, known only once the subscription exists. */
    public void secret(String value) {
        this.secret = value.getBytes(StandardCharsets.UTF_8);
    }

    public List<Delivery> deliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    public int refused() {
        return refused;
    }

    public int redelivered() {
        return redelivered;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (failing) {
                failed++;
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            String deliveryId = exchange.getRequestHeaders().getFirst("Vigie-Delivery-Id");
            if (deliveryId == null || !verify(exchange.getRequestHeaders().getFirst("Vigie-Signature"), body)) {
                refused++;
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            if (!seen.add(deliveryId)) {
                redelivered++;
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            JsonNode event = JSON.readTree(body);
            Delivery delivery = new Delivery(deliveryId, true, event.path("data"), clock.instant(),
                    exchange.getRequestHeaders().getFirst("traceparent"));
            deliveries.add(delivery);
            onDelivery.accept(delivery);
            exchange.sendResponseHeaders(204, -1);
        }
    }

    boolean verify(String header, byte[] body) {
        byte[] key = secret;
        if (header == null || key == null) {
            return false;
        }
        String timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length == 2 && kv[0].equals("t")) {
                timestamp = kv[1];
            } else if (kv.length == 2 && kv[0].equals("v1")) {
                signatures.add(kv[1]);
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return false;
        }
        long t;
        try {
            t = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(clock.instant().getEpochSecond() - t) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(key, (timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        for (String signature : signatures) {
            try {
                if (MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature))) {
                    return true;
                }
            } catch (IllegalArgumentException ignored) {
                // Not hex: not a match.
            }
        }
        return false;
    }

    static byte[] hmac(byte[] key, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        shutDown();
    }
}
