package org.vigie.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.json.ContractExamples;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.json.VigieJson;

/** Plain JUnit: reading batch bodies, no Quarkus. */
class BatchReaderTest {

    private final BatchReader reader = new BatchReader(VigieJson.mapper(), 10_000, 3);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void reads_a_json_array_of_events() throws Exception {
        String event = ContractExamples.first(EventContract.INFERENCE);
        List<BatchReader.Item> items = reader.read(bytes("[" + event + "," + event + "]"), false, false);
        assertThat(items).hasSize(2).allMatch(BatchReader.Item::readable);
        assertThat(items.get(0).document().get("type").asText()).isEqualTo("inference");
    }

    @Test
    void reads_ndjson_line_by_line_and_reports_an_unreadable_line_as_an_item() throws Exception {
        List<BatchReader.Item> items = reader.read(bytes("{\"a\":1}\r\n\n{\"a\":\n{\"b\":2}\n"), true, false);
        assertThat(items).hasSize(3);
        assertThat(items.get(1).readable()).isFalse();
        assertThat(items.get(1).unreadable()).contains("Line 3");
        assertThat(items.get(2).document().get("b").asInt()).isEqualTo(2);
    }

    @Test
    void reads_gzip() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes("[{},{}]"));
        }
        assertThat(reader.read(out.toByteArray(), false, true)).hasSize(2);
    }

    @Test
    void refuses_too_many_items_and_too_many_bytes_with_413() {
        assertThatThrownBy(() -> reader.read(bytes("[{},{},{},{}]"), false, false))
                .isInstanceOfSatisfying(BatchReader.Refusal.class, r -> assertThat(r.status()).isEqualTo(413));
        assertThatThrownBy(() -> reader.read(bytes("{}\n{}\n{}\n{}"), true, false))
                .isInstanceOfSatisfying(BatchReader.Refusal.class, r -> assertThat(r.status()).isEqualTo(413));
        assertThatThrownBy(() -> reader.read(bytes("[\"" + "x".repeat(10_001) + "\"]"), false, false))
                .isInstanceOfSatisfying(BatchReader.Refusal.class, r -> assertThat(r.status()).isEqualTo(413));
    }

    @Test
    void a_gzip_bomb_is_stopped_at_the_limit() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(new byte[1_000_000]);
        }
        assertThatThrownBy(() -> reader.read(out.toByteArray(), false, true))
                .isInstanceOfSatisfying(BatchReader.Refusal.class, r -> assertThat(r.status()).isEqualTo(413));
    }

    @Test
    void unreadable_bodies_are_400_and_never_quote_the_input() {
        for (String body : List.of("", "   ", "{}", "[{\"x\":", "[1] [2]", "[{\"a\":1,\"a\":2}]", "[NaN]",
                "[\"jean.dupont@example.org\" 1]")) {
            assertThatThrownBy(() -> reader.read(bytes(body), false, false))
                    .as(body)
                    .isInstanceOfSatisfying(BatchReader.Refusal.class, r -> {
                        assertThat(r.status()).isEqualTo(400);
                        assertThat(r.getMessage()).doesNotContain("dupont");
                    });
        }
        assertThatThrownBy(() -> reader.read(new byte[] {'[', (byte) 0xC3, (byte) 0x28, ']'}, false, false))
                .isInstanceOfSatisfying(BatchReader.Refusal.class, r -> assertThat(r.status()).isEqualTo(400));
        assertThatThrownBy(() -> reader.read(bytes("not gzip"), false, true))
                .isInstanceOfSatisfying(BatchReader.Refusal.class, r -> assertThat(r.status()).isEqualTo(400));
        assertThatThrownBy(() -> reader.read(bytes("nope\nnever"), true, false))
                .isInstanceOfSatisfying(BatchReader.Refusal.class, r -> assertThat(r.status()).isEqualTo(400));
    }

    @Test
    void deep_nesting_is_refused_without_a_stack_overflow() {
        String deep = "[" + "[".repeat(1_000) + "]".repeat(1_000) + "]";
        assertThatThrownBy(() -> reader.read(bytes(deep), false, false))
                .isInstanceOfSatisfying(BatchReader.Refusal.class, r -> assertThat(r.status()).isEqualTo(400));
    }

    /**
     * An object item keeps the exact bytes it was parsed from (what ingest publishes): with whitespace around and
     * inside it, nested objects, escapes and multi-byte characters, in an array, in NDJSON (also after blanks and
     * before a CR), and gzip-encoded; a non-object item has none.
     */
    @Test
    void an_object_item_keeps_the_exact_bytes_it_was_read_from() throws Exception {
        BatchReader wide = new BatchReader(VigieJson.mapper(), 100_000, 100);
        String first = "{ \"a\" : {\"b\": [1, {\"c\": \"}\"}]}, \"d\": \"\\u00e9t\u00e9 \u2014 \\\" }\" }";
        String second = "{\"x\":{}}";
        List<BatchReader.Item> items = wide.read(bytes(" [\n  " + first + " ,\t" + second + ", 42, \"s\" ]\n"), false, false);
        assertThat(new String(items.get(0).source(), StandardCharsets.UTF_8)).isEqualTo(first);
        assertThat(new String(items.get(1).source(), StandardCharsets.UTF_8)).isEqualTo(second);
        assertThat(items.get(2).source()).isNull();
        assertThat(items.get(3).source()).isNull();
        for (BatchReader.Item item : items.subList(0, 2)) {
            assertThat(VigieJson.mapper().readTree(item.source())).isEqualTo(item.document());
        }

        List<BatchReader.Item> lines = wide.read(bytes(second + "\n  \t" + first + "\r\n\n[1]\n"), true, false);
        assertThat(new String(lines.get(0).source(), StandardCharsets.UTF_8)).isEqualTo(second);
        assertThat(new String(lines.get(1).source(), StandardCharsets.UTF_8)).isEqualTo(first);
        assertThat(lines.get(2).source()).isNull();

        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(bytes("[" + second + "," + first + "]"));
        }
        List<BatchReader.Item> unzipped = wide.read(zipped.toByteArray(), false, true);
        assertThat(new String(unzipped.get(1).source(), StandardCharsets.UTF_8)).isEqualTo(first);
    }
}
