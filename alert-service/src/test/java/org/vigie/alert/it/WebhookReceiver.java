package org.vigie.alert.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.vigie.alert.domain.delivery.WebhookSignature;

/**
 * A real webhook receiver on loopback, written as a subscriber would: it verifies the signature over the raw body,
 * then deduplicates by Vigie-Delivery-Id, and can be told to fail its next requests.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** A delivery the receiver accepted. */
    public record Received(String deliveryId, String body, WebhookSignature.Verification verification,
                           String traceparent) {
    }

    private final HttpServer server;
    private final WebhookSignature verifier = new WebhookSignature(Clock.systemUTC());
    private volatile String secret;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile long answerDelayMillis;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Received> accepted = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> seen = Collections.synchronizedSet(new LinkedHashSet<>());
    private final List<String> duplicates = Collections.synchronizedList(new ArrayList<>());

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/hook", exchange -> {
            requests.incrementAndGet();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            String deliveryId = exchange.getRequestHeaders().getFirst(WebhookSignature.DELIVERY_ID_HEADER);
            WebhookSignature.Verification v = secret == null ? WebhookSignature.Verification.SIGNATURE_MISMATCH
                    : verifier.verify(secret, exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER), body);
            if (v != WebhookSignature.Verification.VALID) {
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
            }
            if (seen.add(deliveryId)) {
                accepted.add(new Received(deliveryId, new String(body, StandardCharsets.UTF_8), v,
                        exchange.getRequestHeaders().getFirst("traceparent")));
            } else {
                duplicates.add(deliveryId);
            }
            // A slow receiver has taken the delivery but not yet said so: a sender killed now redelivers it.
            if (answerDelayMillis > 0) {
                try {
                    Thread.sleep(answerDelayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public void secret(String secret) {
        this.secret = secret;
    }

    public void failNext(int count) {
        failuresLeft.set(count);
    }

    /** Answers each accepted delivery this long after taking it (0: at once). */
    public void answerAfter(java.time.Duration delay) {
        answerDelayMillis = delay.toMillis();
    }

    public List<Received> accepted() {
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }

    public List<String> duplicates() {
        synchronized (duplicates) {
            return List.copyOf(duplicates);
        }
    }

    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
