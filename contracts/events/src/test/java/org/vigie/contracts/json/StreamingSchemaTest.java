package org.vigie.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The streaming fast path may only say "valid" where the tree fast path ({@link FastSchema}) — hence the general
 * validator — says so too, and while it reads it must show the observer every field name, string and integer of
 * the document (the ingest edge's privacy guard relies on it). Checked on every contract's examples and on tens of
 * thousands of mutations of them (FastSchemaTest's), read both from the opening brace and after a first string
 * field consumed by the caller.
 */
class StreamingSchemaTest {

    private final ContractSchemas schemas = ContractSchemas.instance();

    /** Records the leaves in reading order. */
    private static class Recorder implements StreamingSchema.Leaves {
        final List<String> seen = new ArrayList<>();

        @Override
        public boolean fieldName(String name) {
            seen.add("name:" + name);
            return true;
        }

        @Override
        public boolean text(String value, String field, int depth) {
            seen.add("text:" + value + "@" + depth + ":" + field);
            return true;
        }

        @Override
        public boolean integer(JsonParser parser) throws IOException {
            seen.add("int:" + parser.getBigIntegerValue());
            return true;
        }
    }

    @Test
    void every_valid_example_of_inference_and_usage_takes_the_streaming_path() throws Exception {
        for (EventContract contract : new EventContract[] {EventContract.INFERENCE, EventContract.USAGE}) {
            for (ContractExamples.Example example : ContractExamples.valid(contract)) {
                assertThat(stream(contract, example.json().getBytes(java.nio.charset.StandardCharsets.UTF_8), false,
                        new Recorder())).as(example.file()).isTrue();
            }
        }
    }

    @Test
    void what_the_streaming_path_accepts_the_tree_paths_accept_and_it_shows_every_leaf() throws Exception {
        int[] counts = new int[3]; // documents, accepted by the tree fast path, by streaming
        FastSchemaTest.corpus((contract, document) -> {
            byte[] bytes = VigieJson.mapper().writeValueAsBytes(document);
            JsonNode reread = VigieJson.mapper().readTree(bytes); // the tree Jackson builds from these bytes
            boolean tree = schemas.fastPathAccepts(contract, reread);
            counts[0]++;
            counts[1] += tree ? 1 : 0;
            for (boolean afterFirst : new boolean[] {false, true}) {
                Recorder leaves = new Recorder();
                boolean streamed = stream(contract, bytes, afterFirst, leaves);
                if (streamed) {
                    assertThat(tree).as("%s: streamed as valid, refused on the tree: %s", contract, reread).isTrue();
                    assertThat(schemas.generalValidatorAccepts(contract, reread)).isTrue();
                    assertThat(leaves.seen).as("leaves of %s", reread).isEqualTo(leavesOf(reread));
                    if (!afterFirst) {
                        counts[2]++;
                    }
                }
            }
        });
        int documents = counts[0];
        int treeAccepted = counts[1];
        int streamAccepted = counts[2];
        System.out.printf("streaming path: %d documents, %d accepted by the tree fast path, %d by streaming%n",
                documents, treeAccepted, streamAccepted);
        assertThat(streamAccepted).as("of %d the tree path accepts", treeAccepted).isGreaterThan(treeAccepted / 2);
    }

    @Test
    void an_observer_that_stops_makes_the_answer_not_sure() throws Exception {
        byte[] bytes = ContractExamples.valid(EventContract.INFERENCE).get(0).json()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        StreamingSchema.Leaves refuseEmail = new Recorder() {
            @Override
            public boolean text(String value, String field, int depth) {
                return !"F".equals(value); // a nested subgroup value, depth 2
            }
        };
        assertThat(stream(EventContract.INFERENCE, bytes, false, refuseEmail)).isFalse();
        StreamingSchema.Leaves refuseName = new Recorder() {
            @Override
            public boolean fieldName(String name) {
                return !"patientAge".equals(name);
            }
        };
        assertThat(stream(EventContract.INFERENCE, bytes, false, refuseName)).isFalse();
    }

    private boolean stream(EventContract contract, byte[] bytes, boolean afterFirst, StreamingSchema.Leaves leaves)
            throws IOException {
        try (JsonParser parser = VigieJson.mapper().getFactory().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            boolean valid;
            if (afterFirst) {
                if (parser.nextToken() != JsonToken.FIELD_NAME) {
                    return false;
                }
                String name = parser.currentName();
                if (parser.nextToken() != JsonToken.VALUE_STRING) {
                    return false;
                }
                valid = schemas.streaming(contract).surelyValidAfter(parser, name, parser.getText(), leaves);
            } else {
                valid = schemas.streaming(contract).surelyValid(parser, leaves);
            }
            return valid && parser.currentToken() == JsonToken.END_OBJECT && parser.nextToken() == null;
        }
    }

    /** The leaves of a tree in document order, as the streaming reader reports them. */
    private static List<String> leavesOf(JsonNode document) {
        List<String> out = new ArrayList<>();
        walk(document, null, 0, out);
        return out;
    }

    private static void walk(JsonNode node, String field, int depth, List<String> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                out.add("name:" + f.getKey());
                walk(f.getValue(), f.getKey(), depth + 1, out);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                walk(element, null, depth + 1, out);
            }
        } else if (node.isTextual()) {
            out.add("text:" + node.textValue() + "@" + depth + ":" + field);
        } else if (node.isIntegralNumber()) {
            out.add("int:" + node.bigIntegerValue());
        }
    }
}
