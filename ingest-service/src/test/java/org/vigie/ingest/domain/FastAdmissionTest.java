package org.vigie.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.json.ContractExamples;
import org.vigie.contracts.json.ContractSchemas;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.json.VigieJson;

/**
 * The admission's streaming fast path ({@link EventAdmission#prevalidate}) must change no verdict: every item of
 * a batch gets the same verdict — admitted with the same id, device, version, time and bytes, or refused with the
 * same rule, message and pointer — whether the batch is read with it or without it (the tree path, the authority).
 * Checked on the device events' examples and on tens of thousands of mutations of them: identifiers of every rule
 * planted at every depth (values, integers, field names), text over the cap, fields reordered, other devices,
 * times out of the window, values of the wrong type, duplicates and unknown types.
 */
class FastAdmissionTest {

    static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    static final String DEVICE = "acme-mammo-01";
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final EventAdmission admission = new EventAdmission(ContractSchemas.instance(), new DirectIdentifierGuard(200),
            new EventTimeWindow(Clock.fixed(NOW, ZoneOffset.UTC)), VigieJson.mapper());
    final BatchReader fast = new BatchReader(VigieJson.mapper(), 5 * 1024 * 1024, 5000, admission::prevalidate);
    final BatchReader tree = new BatchReader(VigieJson.mapper(), 5 * 1024 * 1024, 5000);

    @Test
    void the_fast_path_gives_every_item_the_verdict_of_the_tree_path() throws Exception {
        List<ObjectNode> seeds = new ArrayList<>();
        for (EventContract contract : new EventContract[] {EventContract.INFERENCE, EventContract.OUTCOME,
                EventContract.USAGE, EventContract.FEEDBACK}) {
            for (ContractExamples.Example example : ContractExamples.valid(contract)) {
                seeds.add((ObjectNode) VigieJson.mapper().readTree(example.json()));
            }
            for (ContractExamples.InvalidExample example : ContractExamples.invalid(contract)) {
                seeds.add((ObjectNode) VigieJson.mapper().readTree(example.json()));
            }
        }
        List<JsonNode> pool = pool();
        SplittableRandom random = new SplittableRandom(4242);
        int items = 0;
        int prevalidated = 0;
        int admitted = 0;
        for (int b = 0; b < 400; b++) {
            ArrayNode batch = NODES.arrayNode();
            for (int i = 0; i < 100; i++) {
                ObjectNode event = seeds.get(random.nextInt(seeds.size())).deepCopy();
                batch.add(b == 0 ? event : mutate(event, pool, random));
            }
            byte[] body = VigieJson.mapper().writeValueAsBytes(batch);
            List<BatchReader.Item> fastItems = fast.read(body, false, false);
            List<BatchReader.Item> treeItems = tree.read(body, false, false);
            assertThat(fastItems).hasSameSizeAs(treeItems);
            for (int i = 0; i < fastItems.size(); i++) {
                items++;
                prevalidated += fastItems.get(i).prevalidated() != null ? 1 : 0;
                EventAdmission.Verdict f = admission.admit(fastItems.get(i), DEVICE);
                EventAdmission.Verdict t = admission.admit(treeItems.get(i), DEVICE);
                assertThat(treeItems.get(i).prevalidated()).isNull();
                assertThat(describe(f)).as("item %d of %s", i, batch.get(i)).isEqualTo(describe(t));
                assertThat(fastItems.get(i).document()).isEqualTo(treeItems.get(i).document());
                admitted += t instanceof EventAdmission.Admitted ? 1 : 0;
            }
        }
        System.out.printf("fast admission: %d items, %d admitted, %d recognised by the fast path%n", items, admitted,
                prevalidated);
        assertThat(prevalidated).as("the fast path recognises most admitted items").isGreaterThan(admitted / 2);
    }

    private static Object describe(EventAdmission.Verdict verdict) {
        if (verdict instanceof EventAdmission.Admitted a) {
            return List.of(a.contract(), a.eventId(), a.deviceId(), String.valueOf(a.modelVersion()), a.eventTime(),
                    new String(a.json(), StandardCharsets.UTF_8));
        }
        return verdict;
    }

    private static ObjectNode mutate(ObjectNode event, List<JsonNode> pool, SplittableRandom random) {
        int kind = random.nextInt(12);
        List<ObjectNode> objects = new ArrayList<>();
        collect(event, objects);
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        String name = names.isEmpty() ? "x" : names.get(random.nextInt(names.size()));
        switch (kind) {
            case 0, 1 -> target.set(name, pool.get(random.nextInt(pool.size())).deepCopy());
            case 2 -> target.set(IDENTIFIER_NAMES[random.nextInt(IDENTIFIER_NAMES.length)],
                    pool.get(random.nextInt(pool.size())).deepCopy());
            case 3 -> target.remove(name);
            case 4 -> { // reorder: the fast path wants the type first
                Map<String, JsonNode> fields = new LinkedHashMap<>();
                event.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
                List<String> order = new ArrayList<>(fields.keySet());
                java.util.Collections.shuffle(order, new java.util.Random(random.nextLong()));
                event.removeAll();
                order.forEach(k -> event.set(k, fields.get(k)));
            }
            case 5 -> event.put("deviceId", random.nextBoolean() ? "someone-else" : DEVICE);
            case 6 -> event.put(random.nextBoolean() ? "occurredAt" : "observedAt", TIMES[random.nextInt(TIMES.length)]);
            case 7 -> event.put("type", TYPES[random.nextInt(TYPES.length)]);
            default -> { // a valid event of the device, in the window: the fast path's usual case
                event.put("deviceId", DEVICE);
                if (event.has("occurredAt")) {
                    event.put("occurredAt", "2026-03-02T09:" + (10 + random.nextInt(50)) + ":00Z");
                }
                // half of them carry a value from the pool where the contract allows free values (an inference's
                // features and subgroups): identifiers the schema lets through, only the guard refuses
                for (String free : new String[] {"features", "subgroups"}) {
                    if (event.get(free) instanceof ObjectNode values && random.nextBoolean()) {
                        values.set(random.nextBoolean() ? "extra" : "patientAge", pool.get(random.nextInt(pool.size())).deepCopy());
                    }
                }
            }
        }
        return event;
    }

    private static void collect(JsonNode node, List<ObjectNode> objects) {
        if (node instanceof ObjectNode o) {
            objects.add(o);
        }
        Iterator<JsonNode> children = node.elements();
        while (children.hasNext()) {
            collect(children.next(), objects);
        }
    }

    static final String[] IDENTIFIER_NAMES = {"patientName", "email", "birthDate", "nir", "Prénom", "ok_name", "ddn",
            "jean.dupont@example.org", "score", "siteType", "features"};
    static final String[] TIMES = {"2026-03-02T09:30:00Z", "2026-03-02T10:04:59Z", "2026-03-02T10:05:01Z",
            "2026-01-01T00:00:00Z", "2026-03-02T09:30:00.123+01:00", "2026-03-02T09:30:00", "not a time"};
    static final String[] TYPES = {"inference", "outcome", "usage", "feedback", "other", "Inference"};

    private static List<JsonNode> pool() {
        List<JsonNode> pool = new ArrayList<>();
        for (String s : new String[] {"C", "F", "60-74", "x".repeat(200), "x".repeat(201), "jean.dupont@example.org",
                "1 85 05 78 006 084 91", "185057800608491", "185057800608437", "269027512345680", "06 12 34 56 78", "+33 6 12 34 56 78",
                "+14155552671", "né le 12/03/1961", "DOB: 1961-03-12", "2026-03-02T09:30:00Z",
                "6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b", "750712184", "2A0712184", "11", "chu", "accepted", "é",
                "\uD83D\uDE00", "line\nbreak", "a".repeat(64), "a".repeat(65)}) {
            pool.add(NODES.textNode(s));
        }
        for (long l : new long[] {0, 1, -1, 61, 185057800608491L, 269027512345680L, 185057800608437L, 100_000_000_000_000L,
                -185057800608491L, Long.MAX_VALUE}) {
            pool.add(NODES.numberNode(l));
        }
        pool.add(NODES.numberNode(new java.math.BigInteger("1850578006084360000000")));
        for (double d : new double[] {0.0, 0.5, 1.0, 1.5, -0.0, 412.5, 3600000.5}) {
            pool.add(NODES.numberNode(d));
        }
        pool.add(NODES.booleanNode(true));
        pool.add(NODES.nullNode());
        pool.add(NODES.objectNode().put("sex", "F").put("email", "x"));
        pool.add(NODES.objectNode().put("patientAge", 61).put("note", "jean.dupont@example.org"));
        pool.add(NODES.arrayNode().add("a").add(185057800608491L));
        pool.add(NODES.objectNode());
        return pool;
    }

    @Test
    void an_event_whose_type_is_not_first_is_left_to_the_tree_path_and_admitted_the_same() throws Exception {
        ObjectNode event = (ObjectNode) VigieJson.mapper().readTree(ContractExamples.first(EventContract.INFERENCE));
        ObjectNode reordered = NODES.objectNode().put("eventId", event.get("eventId").asText());
        event.fields().forEachRemaining(e -> reordered.set(e.getKey(), e.getValue()));
        byte[] body = VigieJson.mapper().writeValueAsBytes(NODES.arrayNode().add(event).add(reordered));
        List<BatchReader.Item> items = fast.read(body, false, false);
        assertThat(items.get(0).prevalidated()).isNotNull();
        assertThat(items.get(1).prevalidated()).isNull();
        assertThat(admission.admit(items.get(0), DEVICE)).isInstanceOf(EventAdmission.Admitted.class);
        assertThat(admission.admit(items.get(1), DEVICE)).isInstanceOf(EventAdmission.Admitted.class);
        assertThat(Arrays.equals(items.get(0).source(), VigieJson.mapper().writeValueAsBytes(event))).isTrue();
    }
}
