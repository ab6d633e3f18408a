package org.vigie.observatory.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.json.ContractExamples;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.json.VigieJson;
import org.vigie.contracts.topics.Topics;

/**
 * The rollup decoder reads what the contracts' mapper reads (plain JUnit, no Quarkus): same events from the contract
 * examples, bar the inference fields it skips on purpose, and the same instants whatever shape the date-time has
 * (its fast path for the usual shape, Jackson's reader for the others).
 */
class TelemetryDecoderTest {

    private final TelemetryDecoder decoder = new TelemetryDecoder();

    private static Object contracts(String json, Class<?> type) {
        try {
            return VigieJson.mapper().readValue(json, type);
        } catch (Exception e) {
            return e.getClass();
        }
    }

    private Object decoded(String topic, String json) {
        return withoutSkipped(decoder.deserialize(topic, json.getBytes(StandardCharsets.UTF_8)));
    }

    /** An inference without what the decoder skips (features, subgroups, case pseudonym): the rollups never use them. */
    private static Object withoutSkipped(Object value) {
        return value instanceof InferenceEvent e
                ? new InferenceEvent(e.type(), e.schemaVersion(), e.eventId(), e.deviceId(), e.modelVersion(), e.siteId(),
                        e.siteType(), e.region(), e.occurredAt(), null, null, e.score(), e.predictedLabel(), null,
                        e.latencyMs(), e.energyJoules())
                : value;
    }

    @Test
    void decodesTheContractExamplesAsTheContractsMapperDoes() {
        Map<EventContract, String> topics = Map.of(EventContract.INFERENCE, Topics.INFERENCES.name(),
                EventContract.USAGE, Topics.USAGES.name(), EventContract.OUTCOME, Topics.OUTCOMES.name(),
                EventContract.FEEDBACK, Topics.FEEDBACK.name());
        topics.forEach((contract, topic) -> {
            List<ContractExamples.Example> examples = ContractExamples.valid(contract);
            assertThat(examples).isNotEmpty();
            for (ContractExamples.Example example : examples) {
                assertThat(decoded(topic, example.json())).as(example.file())
                        .isEqualTo(withoutSkipped(contracts(example.json(), contract.recordType())));
            }
        });
    }

    @Test
    void readsEveryShapeOfDateTimeAsJacksonDoes() {
        String json = ContractExamples.first(EventContract.INFERENCE);
        String at = (String) ((Map<?, ?>) contracts(json, Map.class)).get("occurredAt");
        for (String text : new String[] {"2026-03-02T09:30:00Z", "2026-03-02T09:30:00.123456789Z", "2026-03-02T11:30:00+02:00",
                "2026-03-02T04:00:00.5-05:30", "2026-03-02T09:30:00z", "2026-03-02t09:30:00Z", "2026-03-02T09:30:00",
                "2026-03-02T23:59:60Z", "2026-02-30T09:30:00Z", "2026-03-02T09:30:00+14:01", "not a date"}) {
            String variant = json.replace("\"" + at + "\"", "\"" + text + "\"");
            assertThat(variant).contains("\"" + text + "\"");
            Object expected = withoutSkipped(contracts(variant, InferenceEvent.class));
            Object actual = decoded(Topics.INFERENCES.name(), variant);
            if (expected instanceof Class<?>) {
                assertThat(actual).as(text).isInstanceOf(TelemetryDecoder.Unreadable.class);
            } else {
                assertThat(actual).as(text).isEqualTo(expected);
            }
        }
    }
}
