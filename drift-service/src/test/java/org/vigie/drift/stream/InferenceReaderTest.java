package org.vigie.drift.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.json.ContractExamples;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.topics.Topics;

/** Plain JUnit: the streaming inference reader gives what the contracts' serde gives, or fails as it does. */
class InferenceReaderTest {

    private final Deserializer<InferenceEvent> contracts = Topics.INFERENCES.valueSerde().deserializer();
    private final InferenceReader reader = new InferenceReader();

    @Test
    void reads_every_contract_example_as_the_contracts_serde_does() {
        List<String> documents = new ArrayList<>();
        ContractExamples.valid(EventContract.INFERENCE).forEach(e -> documents.add(e.json()));
        ContractExamples.invalid(EventContract.INFERENCE).forEach(e -> documents.add(e.json()));
        assertThat(documents).hasSizeGreaterThan(5);
        documents.forEach(this::assertSameAsContracts);
    }

    @Test
    void reads_what_the_service_and_the_simulators_write_on_the_fast_path() throws Exception {
        for (InferenceEvent e : FeatureShiftScenario.inferences("acme-shift-01", 7).subList(0, 500)) {
            byte[] bytes = Topics.INFERENCES.valueSerde().serialize("inferences", e);
            assertThat(InferenceReader.read(bytes)).as("fast path").isEqualTo(e);
            assertThat(reader.deserialize("inferences", bytes)).isEqualTo(contracts.deserialize("inferences", bytes));
        }
    }

    @Test
    void odd_and_invalid_documents_get_the_contracts_serdes_answer() {
        String base = """
                {"type":"inference","schemaVersion":1,"eventId":"6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b",\
                "deviceId":"d","modelVersion":"1","siteId":"s","occurredAt":"2026-03-02T09:30:00.123Z",\
                "features":{"a":1,"b":2.5,"c":"x","d":true,"e":null,"f":12345678901,"g":1e3},"score":0.5,\
                "predictedLabel":1,"subgroups":{"sex":"F","band":null},"latencyMs":3,"extra":{"x":[1,2,{"y":3}]}}""";
        List<String> documents = new ArrayList<>(List.of(base,
                base.replace("\"schemaVersion\":1,", ""),
                base.replace("\"score\":0.5", "\"score\":null"),
                base.replace("\"score\":0.5,", ""),
                base.replace("\"score\":0.5", "\"score\":\"0.5\""),
                base.replace("\"score\":0.5", "\"score\":1"),
                base.replace("\"schemaVersion\":1", "\"schemaVersion\":null"),
                base.replace("\"schemaVersion\":1", "\"schemaVersion\":1.0"),
                base.replace("\"type\":\"inference\"", "\"type\":\"outcome\""),
                base.replace("\"type\":\"inference\",", ""),
                base.replace("\"predictedLabel\":1", "\"predictedLabel\":null"),
                base.replace("\"predictedLabel\":1", "\"predictedLabel\":\"1\""),
                base.replace("\"predictedLabel\":1", "\"predictedLabel\":1.5"),
                base.replace("6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b", "6F1C2A9E-3B4D-4E5F-8A7B-1C2D3E4F5A6B"),
                base.replace("6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b", "6f1c2a9e3b4d4e5f8a7b1c2d3e4f5a6b"),
                base.replace("6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b", "not-a-uuid"),
                base.replace("\"6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b\"", "null"),
                base.replace("\"deviceId\":\"d\"", "\"deviceId\":42"),
                base.replace("\"deviceId\":\"d\"", "\"deviceId\":null"),
                base.replace("\"siteId\":\"s\"", "\"siteId\":{}"),
                base.replace("\"a\":1", "\"a\":{\"nested\":1}"),
                base.replace("\"a\":1", "\"a\":[1,2]"),
                base.replace("\"a\":1", "\"a\":1,\"a\":2"),
                base.replace("\"sex\":\"F\"", "\"sex\":1"),
                base.replace("\"features\":{", "\"features\":null,\"x\":{"),
                base.replace("\"latencyMs\":3", "\"latencyMs\":\"3\""),
                base.replace("\"latencyMs\":3", "\"latencyMs\":\"fast\""),
                base.replace("\"deviceId\":\"d\"", "\"deviceId\":\"d\",\"deviceId\":\"e\""),
                base + " {}",
                base + " ",
                base.substring(0, base.length() - 1),
                "[]", "null", "42", "", "{}"));
        for (String instant : List.of("2026-03-02T09:30:00Z", "2026-03-02T09:30:00.1Z", "2026-03-02T09:30:00.123456789Z",
                "2026-03-02T09:30:00.1234567891Z", "2026-03-02T09:30:00+00:00", "2026-03-02T09:30:00.Z",
                "2026-02-30T09:30:00Z", "2026-03-02T24:00:00Z", "2026-03-02T23:59:60Z", "2024-02-29T23:59:59.999Z",
                "1969-12-31T23:59:59.5Z", "0000-01-01T00:00:00Z", "2026-03-02 09:30:00Z", "2026-03-02T09:30Z",
                "+12026-03-02T09:30:00Z", "2026-03-02t09:30:00z", "")) {
            documents.add(base.replace("2026-03-02T09:30:00.123Z", instant));
        }
        documents.add(base.replace("\"2026-03-02T09:30:00.123Z\"", "1700000000.5"));
        documents.forEach(this::assertSameAsContracts);
    }

    @Test
    void the_hand_read_instant_is_the_iso_instant() {
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 50_000_000_000L), random.nextInt(1_000_000_000));
            if (i % 3 == 0) {
                t = t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            }
            if (i % 5 == 0) {
                t = t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            }
            String s = t.toString();
            Instant read = InferenceReader.instant(s);
            if (read != null) {
                assertThat(read).as(s).isEqualTo(t);
            } else {
                assertThat(s).as("only 4-digit years are read by hand").doesNotMatch("\\d{4}-.*");
            }
        }
    }

    private void assertSameAsContracts(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Object expected;
        try {
            expected = contracts.deserialize("inferences", bytes);
        } catch (RuntimeException e) {
            expected = e.getClass();
        }
        Object actual;
        try {
            actual = reader.deserialize("inferences", bytes);
        } catch (RuntimeException e) {
            actual = e.getClass();
        }
        assertThat(actual).as(json).isEqualTo(expected);
    }
}
