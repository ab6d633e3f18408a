package org.vigie.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The compiled fast path may only say "valid" where the general validator (networknt) says so too; it may leave
 * anything to it. Checked differentially: every contract's examples, and for each contract tens of thousands of
 * mutations of them (fields removed, added, renamed, values swapped for strings, numbers, dates, UUIDs, enum values,
 * containers and nulls at and around every limit), each judged by both.
 */
class FastSchemaTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final ContractSchemas schemas = ContractSchemas.instance();

    @Test
    void every_valid_example_of_a_device_event_takes_the_fast_path() throws Exception {
        for (EventContract contract : new EventContract[] {EventContract.INFERENCE, EventContract.OUTCOME,
                EventContract.USAGE, EventContract.FEEDBACK}) {
            for (ContractExamples.Example example : ContractExamples.valid(contract)) {
                JsonNode document = VigieJson.mapper().readTree(example.json());
                assertThat(schemas.fastPathAccepts(contract, document)).as(example.file()).isTrue();
            }
        }
    }

    @Test
    void what_the_fast_path_accepts_the_general_validator_accepts() throws Exception {
        int[] counts = new int[3]; // documents, valid, recognised by the fast path
        corpus((contract, document) -> {
            boolean fast = schemas.fastPathAccepts(contract, document);
            boolean general = schemas.generalValidatorAccepts(contract, document);
            counts[0]++;
            if (fast) {
                counts[2]++;
                assertThat(general).as("%s: the fast path accepted what the general validator refuses: %s",
                        contract, document).isTrue();
            }
            if (general) {
                counts[1]++;
            }
        });
        int documents = counts[0];
        int generalAccepted = counts[1];
        int fastAccepted = counts[2];
        System.out.printf("fast path: %d documents, %d valid, %d of them recognised by the fast path%n",
                documents, generalAccepted, fastAccepted);
        // The fast path is of use only if it recognises most valid documents.
        assertThat(fastAccepted).as("of %d valid (of %d documents)", generalAccepted, documents)
                .isGreaterThan(generalAccepted / 2);
    }

    /** What the differential corpus hands over: one document to judge against one contract. */
    interface CorpusCheck {
        void check(EventContract contract, JsonNode document) throws Exception;
    }

    /**
     * The differential corpus, the same for every run: each contract's examples, valid and invalid, then mutations of
     * them (25,000 per device event, 5,000 per other contract).
     */
    static void corpus(CorpusCheck check) throws Exception {
        List<JsonNode> pool = valuePool();
        for (EventContract contract : EventContract.values()) {
            List<JsonNode> seeds = new ArrayList<>();
            for (ContractExamples.Example example : ContractExamples.valid(contract)) {
                seeds.add(VigieJson.mapper().readTree(example.json()));
            }
            for (ContractExamples.InvalidExample example : ContractExamples.invalid(contract)) {
                seeds.add(VigieJson.mapper().readTree(example.json()));
            }
            if (seeds.isEmpty()) {
                continue;
            }
            SplittableRandom random = new SplittableRandom(contract.ordinal() * 7919L + 17);
            int rounds = java.util.Set.of(EventContract.INFERENCE, EventContract.OUTCOME, EventContract.USAGE,
                    EventContract.FEEDBACK).contains(contract) ? 25_000 : 5_000;
            for (int i = 0; i < rounds + seeds.size(); i++) {
                check.check(contract, i < seeds.size() ? seeds.get(i)
                        : mutate(seeds.get(random.nextInt(seeds.size())).deepCopy(), pool, random));
            }
        }
    }

    private static JsonNode mutate(JsonNode document, List<JsonNode> pool, SplittableRandom random) {
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            List<JsonNode> containers = new ArrayList<>();
            collect(document, containers);
            JsonNode target = containers.get(random.nextInt(containers.size()));
            if (target instanceof ObjectNode object) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                int kind = random.nextInt(10);
                if (kind == 0 && !names.isEmpty()) {
                    object.remove(names.get(random.nextInt(names.size())));
                } else if (kind == 1) {
                    object.set(randomName(random), pick(pool, random));
                } else if (kind == 2 && !names.isEmpty()) {
                    String name = names.get(random.nextInt(names.size()));
                    JsonNode value = object.remove(name);
                    object.set(randomName(random), value);
                } else if (!names.isEmpty()) {
                    object.set(names.get(random.nextInt(names.size())), pick(pool, random));
                }
            } else if (target instanceof ArrayNode array) {
                if (array.isEmpty() || random.nextBoolean()) {
                    array.add(pick(pool, random));
                } else {
                    array.set(random.nextInt(array.size()), pick(pool, random));
                }
            }
        }
        return document;
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            for (JsonNode child : node) {
                collect(child, containers);
            }
        }
    }

    private static String randomName(SplittableRandom random) {
        String[] names = {"x", "extra", "1bad", "ok_name", "a".repeat(64), "b".repeat(65), "with space", "caseId",
                "score", "features", "sex", "ageBand", "É", "modelVersion", "inferenceEventId"};
        return names[random.nextInt(names.length)];
    }

    private static JsonNode pick(List<JsonNode> pool, SplittableRandom random) {
        return pool.get(random.nextInt(pool.size())).deepCopy();
    }

    /** Leaf values of every example, and values at and around the limits the contracts set. */
    private static List<JsonNode> valuePool() throws Exception {
        List<JsonNode> pool = new ArrayList<>();
        for (EventContract contract : EventContract.values()) {
            for (ContractExamples.Example example : ContractExamples.valid(contract)) {
                leaves(VigieJson.mapper().readTree(example.json()), pool);
            }
        }
        for (String s : new String[] {"", "x", "C", "F", "60-74", "a".repeat(32), "a".repeat(33), "a".repeat(64),
                "a".repeat(65), "a".repeat(200), "a".repeat(2001), "é".repeat(64), "\uD83D\uDE00".repeat(64), "1.0.0",
                "2026-03-02T09:30:00Z", "2026-03-02T09:30:00.123456789+02:00", "2026-03-02T09:30:00-05:30",
                "2026-02-29T09:30:00Z", "2028-02-29T09:30:00Z", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-03-02T24:00:00Z", "2026-03-02T23:59:60Z", "2026-03-02t09:30:00z", "2026-03-02T09:30:00+24:00",
                "2026-03-02T09:30:00+23:59", "2026-03-02T09:30:00", "2026-03-02 09:30:00Z", "2026-3-2T9:30:00Z",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-03-02T09:30:00.Z", "2026-03-02T09:30:00.1234567891Z",
                "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b", "6F1C2A9E-3B4D-4E5F-8A7B-1C2D3E4F5A6B",
                "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6", "6f1c2a9e3b4d4e5f8a7b1c2d3e4f5a6b", "11", "75", "99", "2A", "971",
                "750712184", "12345", "acme-mammo-01", "ACME", "chu", "clinic", "inference", "outcome", "usage",
                "feedback", "accepted", "overridden", "ignored", "physician", "radiologist", "serious", "none",
                "wrong_output", "true", "null", "1", "0.5", "line\nbreak", "tab\tx", "<script>", "a b"}) {
            pool.add(NODES.textNode(s));
        }
        for (long l : new long[] {0, 1, -1, 2, 20, 64, 200, 1000, 3_600_000, 3_600_001, Integer.MAX_VALUE, Long.MAX_VALUE,
                Long.MIN_VALUE}) {
            pool.add(NODES.numberNode(l));
        }
        for (double d : new double[] {0.0, -0.0, 0.5, 1.0, 1.5, -0.5, 0.999999, 1.0000001, 4.9e-324, 1e-300, 1e300,
                -1e300, 3600000.0, 3600000.5, 1.0E9, 1.0E9 + 1, 412.5}) {
            pool.add(NODES.numberNode(d));
        }
        pool.add(NODES.numberNode(new BigInteger("123456789012345678901234567890")));
        pool.add(NODES.numberNode(new BigDecimal("1.00000000000000000000000001")));
        pool.add(NODES.numberNode(new BigDecimal("1E+400")));
        pool.add(NODES.booleanNode(true));
        pool.add(NODES.booleanNode(false));
        pool.add(NODES.nullNode());
        pool.add(NODES.objectNode());
        pool.add(NODES.arrayNode());
        pool.add(NODES.arrayNode().add("a").add("a"));
        pool.add(NODES.arrayNode().add("a").add("b"));
        pool.add(NODES.arrayNode().add(1).add(1.0));
        pool.add(NODES.objectNode().put("patientAge", 61).put("breastDensity", "C"));
        pool.add(NODES.objectNode().put("sex", "F").put("ageBand", "60-74"));
        pool.add(NODES.objectNode().put("bad name", 1));
        ObjectNode wide = NODES.objectNode();
        for (int i = 0; i < 201; i++) {
            wide.put("f" + i, i);
        }
        pool.add(wide);
        return pool;
    }

    private static void leaves(JsonNode node, List<JsonNode> pool) {
        if (node.isContainerNode()) {
            pool.add(node);
            Iterator<JsonNode> children = node.elements();
            while (children.hasNext()) {
                leaves(children.next(), pool);
            }
        } else {
            pool.add(node);
        }
    }
}
