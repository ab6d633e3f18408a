package org.vigie.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.json.VigieJson;
import org.vigie.ingest.support.Fixtures;
import org.vigie.ingest.support.IngestTestResource;
import org.vigie.testkit.TestTokens;

/**
 * Ten thousand generated malformed or hostile bodies (seeded, so a failure replays): wrong types, huge numbers,
 * deep nesting, invalid UTF-8, very long strings, NaN, duplicate keys, wrong content types and encodings.
 * Every answer is below 500 and is either problem+json or a per-item verdict, and none repeats the marker
 * planted in the hostile values.
 */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
class FuzzTest {

    static final int BODIES = 10_000;
    static final long SEED = 20260301L;
    static final String MARKER = "QZXJ";

    @TestHTTPResource("/v1/events")
    URI events;

    record Body(String kind, byte[] bytes, String contentType, String encoding) {
    }

    @Test
    void hostile_bodies_never_get_a_5xx_and_every_answer_is_a_problem_or_a_verdict() throws Exception {
        String manufacturer = Fixtures.unique("acme");
        String device = Fixtures.unique("fuzz");
        Fixtures.register(device, manufacturer);
        String token = TestTokens.device(device, manufacturer);
        Random random = new Random(SEED);
        List<Function<Random, Body>> generators = generators(device);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();

        for (int i = 0; i < BODIES; i++) {
            Body body = generators.get(random.nextInt(generators.size())).apply(random);
            HttpRequest.Builder request = HttpRequest.newBuilder(events).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
            if (body.contentType() != null) {
                request.header("Content-Type", body.contentType());
            }
            if (body.encoding() != null) {
                request.header("Content-Encoding", body.encoding());
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            statuses.merge(body.kind() + " " + response.statusCode(), 1, Integer::sum);
            String problem = check(response);
            if (problem != null && failures.size() < 20) {
                failures.add("#" + i + " " + body.kind() + ": " + problem);
            }
        }
        System.out.println("fuzz answers by kind and status: " + statuses);
        assertThat(failures).isEmpty();
    }

    private static String check(HttpResponse<String> response) {
        int status = response.statusCode();
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (status >= 500) {
            return "status " + status + " " + response.body();
        }
        if (response.body().contains(MARKER)) {
            return "the answer repeats a hostile value: " + response.body();
        }
        try {
            JsonNode answer = VigieJson.mapper().readTree(response.body());
            if (status == 200) {
                if (!type.startsWith("application/json") || !answer.path("accepted").isInt()
                        || !answer.path("duplicates").isInt() || !answer.path("rejected").isArray()) {
                    return "200 without a verdict: " + response.body();
                }
                if (answer.path("rejected").isEmpty() && answer.path("accepted").asInt() == 0
                        && answer.path("duplicates").asInt() == 0) {
                    return "200 with nothing accepted and nothing rejected: " + response.body();
                }
                return null;
            }
            if (!type.startsWith("application/problem+json") || answer.path("status").asInt() != status) {
                return "status " + status + " without a problem: " + type + " " + response.body();
            }
            return null;
        } catch (Exception e) {
            return "unreadable answer, status " + status + ": " + response.body();
        }
    }

    private static List<Function<Random, Body>> generators(String device) {
        List<Function<Random, Body>> g = new ArrayList<>();
        g.add(r -> json("random-bytes", randomBytes(r, r.nextInt(2_000))));
        g.add(r -> json("invalid-utf8", concat("[{\"type\":\"inference\",\"caseId\":\"", new byte[] {(byte) 0xC3, (byte) 0x28,
                (byte) 0xFF, (byte) 0xFE}, "\"}]")));
        g.add(r -> {
            String valid = Fixtures.batch(Fixtures.inference(device)).toString();
            return json("truncated", valid.substring(0, r.nextInt(valid.length())).getBytes(StandardCharsets.UTF_8));
        });
        g.add(r -> json("wrong-type", mutate(device, r, hostileValue(r)).getBytes(StandardCharsets.UTF_8)));
        g.add(r -> json("huge-number", mutate(device, r, r.nextBoolean() ? "1e400" : "123456789012345678901234567890123")
                .getBytes(StandardCharsets.UTF_8)));
        g.add(r -> json("long-string", mutate(device, r, "\"" + MARKER + "x".repeat(2_000 + r.nextInt(50_000)) + "\"")
                .getBytes(StandardCharsets.UTF_8)));
        g.add(r -> json("nan", mutate(device, r, r.nextBoolean() ? "NaN" : "-Infinity").getBytes(StandardCharsets.UTF_8)));
        g.add(r -> {
            String event = Fixtures.inference(device).toString();
            return json("duplicate-key", ("[" + event.replace("\"score\":0.82", "\"score\":0.82,\"score\":0.1") + "]")
                    .getBytes(StandardCharsets.UTF_8));
        });
        g.add(r -> {
            int depth = 10 + r.nextInt(2_000);
            return json("deep-nesting", ("[" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "]")
                    .getBytes(StandardCharsets.UTF_8));
        });
        g.add(r -> {
            String[] types = {"text/plain", "application/xml", "multipart/form-data; boundary=x", null,
                    "application/octet-stream", "application/json-patch+json"};
            return new Body("content-type", Fixtures.batch(Fixtures.inference(device)).toString()
                    .getBytes(StandardCharsets.UTF_8), types[r.nextInt(types.length)], null);
        });
        g.add(r -> new Body("bad-encoding", randomBytes(r, 100), "application/json", r.nextBoolean() ? "gzip" : "br"));
        g.add(r -> new Body("gzip-garbage", gzip(("[" + hostileValue(r) + "]").getBytes(StandardCharsets.UTF_8)),
                "application/json", "gzip"));
        g.add(r -> {
            String[] tops = {"{}", "\"" + MARKER + "\"", "42", "null", "true", "[1,2,3]", "[[]]", "[null]", "[\"" + MARKER + "\"]"};
            return json("not-events", tops[r.nextInt(tops.length)].getBytes(StandardCharsets.UTF_8));
        });
        g.add(r -> {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 1 + r.nextInt(5); i++) {
                lines.append(r.nextBoolean() ? mutateEvent(device, r, hostileValue(r)) : "{\"x\": " + MARKER).append('\n');
            }
            return new Body("ndjson", lines.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson", null);
        });
        g.add(r -> json("control-chars", ("[{\"type\":\"inference\",\"caseId\":\"a\u0000b\u0007" + MARKER + "\",\"x\":\"\\uD800\"}]")
                .getBytes(StandardCharsets.UTF_8)));
        return g;
    }

    private static Body json(String kind, byte[] bytes) {
        return new Body(kind, bytes, "application/json", null);
    }

    /** A batch of one valid inference with one field (chosen at random, nested ones too) replaced by {@code raw}. */
    private static String mutate(String device, Random r, String raw) {
        return "[" + mutateEvent(device, r, raw) + "]";
    }

    private static String mutateEvent(String device, Random r, String raw) {
        ObjectNode event = Fixtures.inference(device);
        List<String> fields = new ArrayList<>();
        for (Iterator<String> it = event.fieldNames(); it.hasNext(); ) {
            fields.add(it.next());
        }
        String field = fields.get(r.nextInt(fields.size()));
        String placeholder = "\"@@PLACEHOLDER@@\"";
        if (event.get(field).isObject() && r.nextBoolean()) {
            ((ObjectNode) event.get(field)).put("k" + r.nextInt(3), "@@PLACEHOLDER@@");
        } else {
            event.put(field, "@@PLACEHOLDER@@");
        }
        return event.toString().replace(placeholder, raw);
    }

    private static String hostileValue(Random r) {
        String[] values = {"\"" + MARKER + "\"", "12", "-1", "0.5", "true", "null", "[]", "{}", "[\"" + MARKER + "\"]",
                "{\"" + "k" + "\":\"" + MARKER + "\"}", "\"2026-02-30T25:61:00Z\"", "\"\"", "1.7976931348623157E309",
                "-0", "\"" + MARKER + "\\u0000\"", "99999999999999999999", "\"" + MARKER + "\\uDFFF\""};
        return values[r.nextInt(values.length)];
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] bytes = new byte[n];
        r.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(String a, byte[] b, String c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(b);
        out.writeBytes(c.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
