package org.vigie.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vigie.contracts.events.DeviceEvent;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.json.VigieJson;

/**
 * ingest-service's HTTP API as a device fleet uses it: register devices (POST /v1/devices), get a device token
 * (POST /v1/devices/{id}/tokens), send telemetry batches (POST /v1/events, a JSON array of at most 500 events).
 *
 * <p>Never loses an event it was given: a 503 (Kafka unavailable) or 429 (rate limit) is retried after the
 * server's Retry-After, a refused connection or a timeout after a growing pause, until {@code retryFor} has
 * passed; retrying is safe because ingest recognises a replayed eventId as a duplicate. Other errors are not
 * retried (a 400 or 401 would fail the same way again).
 */
public final class IngestClient {

    public static final int MAX_BATCH = 500;
    private static final ObjectMapper JSON = VigieJson.mapper();

    private final URI base;
    private final HttpClient http;
    private final Duration retryFor;
    private final Sleeper sleeper;

    /** How the client waits between attempts; tests record the waits instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** The answer to a batch: written, already written before, and each refused item. */
    public record BatchResult(int accepted, int duplicates, List<Rejection> rejected, int attempts) {
    }

    /** A refused item, by its index in the batch. */
    public record Rejection(int index, String type, String title, String detail, String pointer) {
    }

    /** A request that failed for good: its status (0 when no answer came) and the problem's detail. */
    public static final class IngestException extends IOException {
        private final int status;

        IngestException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public IngestClient(URI base, Duration retryFor) {
        this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), retryFor, d -> Thread.sleep(d.toMillis()));
    }

    public IngestClient(URI base, HttpClient http, Duration retryFor, Sleeper sleeper) {
        this.base = base;
        this.http = http;
        this.retryFor = retryFor;
        this.sleeper = sleeper;
    }

    /** Registers a device version; true if it was new (201), false if the same registration was there (200). */
    public boolean register(DeviceRegistration registration, String manufacturerToken) throws IOException, InterruptedException {
        HttpResponse<String> response = send(post("/v1/devices", manufacturerToken, JSON.writeValueAsBytes(registration)));
        return switch (response.statusCode()) {
            case 201 -> true;
            case 200 -> false;
            case 409 -> throw new IngestException(409, registration.deviceId() + " " + registration.modelVersion()
                    + " is registered with other content (or the deviceId belongs to another manufacturer): "
                    + detail(response) + " Start from a fresh platform (deploy/local/vigie down, remove .vigie) to re-register.");
            default -> throw failure("registering " + registration.deviceId(), response);
        };
    }

    /** A device token issued by ingest-service for one of the caller's devices. */
    public String issueDeviceToken(String deviceId, String manufacturerToken) throws IOException, InterruptedException {
        HttpResponse<String> response = send(post("/v1/devices/" + deviceId + "/tokens", manufacturerToken, new byte[0]));
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw failure("issuing a token for " + deviceId, response);
        }
        return JSON.readTree(response.body()).path("token").asText();
    }

    /** Sends one batch of a device's events with that device's token. */
    public BatchResult send(List<? extends DeviceEvent> batch, String deviceToken) throws IOException, InterruptedException {
        if (batch.isEmpty() || batch.size() > MAX_BATCH) {
            throw new IllegalArgumentException("a batch holds 1 to " + MAX_BATCH + " events, not " + batch.size());
        }
        byte[] body = JSON.writeValueAsBytes(batch);
        int[] attempts = {0};
        HttpResponse<String> response = send(post("/v1/events", deviceToken, body), attempts);
        if (response.statusCode() != 200) {
            throw failure("sending " + batch.size() + " events", response);
        }
        JsonNode answer = JSON.readTree(response.body());
        List<Rejection> rejected = new ArrayList<>();
        for (JsonNode r : answer.path("rejected")) {
            int index = r.path("index").asInt();
            String type = index >= 0 && index < batch.size() ? batch.get(index).type() : r.path("type").asText(null);
            rejected.add(new Rejection(index, type, r.path("title").asText(null), r.path("detail").asText(null),
                    r.path("pointer").asText(null)));
        }
        return new BatchResult(answer.path("accepted").asInt(), answer.path("duplicates").asInt(), rejected, attempts[0]);
    }

    private HttpRequest post(String path, String token, byte[] body) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return send(request, new int[1]);
    }

    private HttpResponse<String> send(HttpRequest request, int[] attempts) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(retryFor);
        Duration pause = Duration.ofMillis(200);
        while (true) {
            attempts[0]++;
            Duration wait;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 503 && response.statusCode() != 429) {
                    return response;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw failure("still " + response.statusCode() + " after retrying for " + retryFor, response);
                }
                wait = retryAfter(response).orElse(pause);
            } catch (IOException e) {
                if (e instanceof IngestException || Instant.now().isAfter(deadline)) {
                    throw e;
                }
                wait = pause; // connection refused or timed out: ingest restarting, say
            }
            sleeper.sleep(wait);
            pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : pause.multipliedBy(2);
        }
    }

    /** Retry-After in seconds (the form ingest uses); an HTTP date is not expected from it. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.strip()))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static IngestException failure(String what, HttpResponse<String> response) {
        return new IngestException(response.statusCode(), what + ": HTTP " + response.statusCode() + " " + detail(response));
    }

    private static String detail(HttpResponse<String> response) {
        try {
            JsonNode problem = JSON.readTree(response.body());
            String title = problem.path("title").asText("");
            String detail = problem.path("detail").asText("");
            return (title + (detail.isEmpty() ? "" : ": " + detail)).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
