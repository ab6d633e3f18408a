package org.vigie.observatory.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.UsageEvent;
import org.vigie.contracts.json.Rfc3339;
import org.vigie.contracts.json.VigieJson;
import org.vigie.contracts.topics.Topics;

/**
 * Decodes the telemetry topics' values where Kafka polls: on the connector's polling thread, while the previous
 * batch is being written, instead of on the event loop between two batches (where a 20,000-record poll held the
 * loop — and the database connection's callbacks — for seconds: decoding was serialized with the writes). Each
 * topic carries one event type, so the value's type follows from the topic.
 *
 * <p>Never throws: a value that cannot be read becomes an {@link Unreadable}, which the consumer counts and
 * skips with the record's partition and offset (a deserializer that throws would fail the channel or need the
 * connector's failure handler, and the record would never become readable anyway).
 *
 * <p>The contracts' dialect ({@link VigieJson}), read the cheap way: the polymorphic type handling of
 * {@code DeviceEvent} (which buffers the tokens until it meets {@code type}) is switched off, and what the rollups
 * never use — an inference's input features, subgroups and case pseudonym — is skipped by the parser rather than
 * built into maps.
 */
public class TelemetryDecoder implements Deserializer<Object> {

    /** A value that could not be read, and why (never the payload: telemetry is pseudonymous). */
    public record Unreadable(String reason) {
    }

    private static final ObjectMapper ROLLUP_JSON = VigieJson.configure(JsonMapper.builder()
            .addMixIn(InferenceEvent.class, SkipUnused.class)
            .addMixIn(UsageEvent.class, Monomorphic.class)
            .addMixIn(OutcomeEvent.class, Monomorphic.class)
            .addMixIn(FeedbackEvent.class, Monomorphic.class)
            .build())
            // Registered after the contracts' JavaTimeModule, so it takes precedence for Instant.
            .registerModule(new SimpleModule("rollup-instants").addDeserializer(Instant.class, new FastInstant()));
    private static final Map<String, ObjectReader> READERS = Map.of(
            Topics.INFERENCES.name(), ROLLUP_JSON.readerFor(InferenceEvent.class),
            Topics.USAGES.name(), ROLLUP_JSON.readerFor(UsageEvent.class),
            Topics.OUTCOMES.name(), ROLLUP_JSON.readerFor(OutcomeEvent.class),
            Topics.FEEDBACK.name(), ROLLUP_JSON.readerFor(FeedbackEvent.class));

    @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
    private interface Monomorphic {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
    @JsonIgnoreProperties({"features", "subgroups", "caseId"})
    private interface SkipUnused {
    }

    /**
     * Instants the usual way devices send them ({@code 2026-03-02T09:30:00.123Z}) read by the contracts' hand parser
     * ({@link Rfc3339}: Jackson's {@code InstantDeserializer} and its {@code DateTimeFormatter} were ~40 % of the
     * decoding CPU); anything else by Jackson's, which stays the authority ({@code Rfc3339Test} checks that both read
     * the same instant, {@code TelemetryDecoderTest} that the events decoded here are the contracts' mapper's).
     */
    static final class FastInstant extends StdDeserializer<Instant> {
        FastInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws java.io.IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                Instant fast = Rfc3339.parseStrict(p.getText());
                if (fast != null) {
                    return fast;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(p, ctxt);
        }
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        ObjectReader reader = READERS.get(topic);
        if (reader == null) {
            return new Unreadable("unknown topic");
        }
        if (data == null) {
            return new Unreadable("incomplete");
        }
        try {
            Object value = reader.readValue(data);
            return value == null ? new Unreadable("incomplete") : value;
        } catch (java.io.IOException | RuntimeException e) {
            return new Unreadable(e.getClass().getSimpleName());
        }
    }
}
