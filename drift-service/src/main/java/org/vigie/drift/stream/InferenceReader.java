package org.vigie.drift.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.json.Rfc3339;
import org.vigie.contracts.json.VigieJson;
import org.vigie.contracts.topics.Topics;

/**
 * Reads the inference topic without Jackson's data binding: one pass of the streaming parser (the contracts'
 * own factory, so the same duplicate-key detection and size limits), no polymorphic type buffering, and the
 * common ISO-8601 instant read by hand. Decoding the events through the contracts' {@code JsonSerde} was about a
 * third of the stream thread (BENCHMARKS.md, "topology throughput").
 *
 * <p>It returns exactly what the contracts' serde returns, or leaves the record to it: anything that is not the
 * plain shape producers send (a missing or non-numeric score, a value of an unexpected JSON type, an instant in
 * another ISO form, a non-canonical UUID, a nested feature value, malformed JSON, ...) is decoded again by the
 * contracts' serde, which then accepts it or throws the same {@code SerializationException} as before (and the
 * topology's deserialization handler logs and skips it as before). {@code InferenceReaderTest} compares both
 * readers on valid, odd and invalid events.
 */
final class InferenceReader implements Deserializer<InferenceEvent> {

    /** The inference topic's serde with this reader: serializing is the contracts' own. */
    static Serde<InferenceEvent> serde() {
        return Serdes.serdeFrom(Topics.INFERENCES.valueSerde().serializer(), new InferenceReader());
    }

    private static final JsonFactory JSON = VigieJson.mapper().getFactory();
    private final Deserializer<InferenceEvent> contracts = Topics.INFERENCES.valueSerde().deserializer();

    @Override
    public InferenceEvent deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        InferenceEvent fast;
        try {
            fast = read(bytes);
        } catch (java.io.IOException | RuntimeException e) {
            fast = null;
        }
        return fast != null ? fast : contracts.deserialize(topic, bytes);
    }

    /** The event, or null when the contracts' serde must decide. */
    static InferenceEvent read(byte[] bytes) throws java.io.IOException {
        try (JsonParser p = JSON.createParser(bytes)) {
            p.enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature());
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String type = null;
            Integer schemaVersion = null;
            UUID eventId = null;
            String deviceId = null;
            String modelVersion = null;
            String siteId = null;
            String siteType = null;
            String region = null;
            Instant occurredAt = null;
            String caseId = null;
            Map<String, Object> features = null;
            Double score = null;
            Integer predictedLabel = null;
            Map<String, String> subgroups = null;
            Double latencyMs = null;
            Double energyJoules = null;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                boolean isNull = v == JsonToken.VALUE_NULL;
                switch (name) {
                    case "type" -> {
                        if (v != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        type = p.getText();
                    }
                    case "schemaVersion" -> {
                        if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                            return null;
                        }
                        schemaVersion = p.getIntValue();
                    }
                    case "eventId" -> {
                        if (!isNull && (eventId = uuid(p, v)) == null) {
                            return null;
                        }
                    }
                    case "deviceId" -> {
                        if (!isNull && (deviceId = string(p, v)) == null) {
                            return null;
                        }
                    }
                    case "modelVersion" -> {
                        if (!isNull && (modelVersion = string(p, v)) == null) {
                            return null;
                        }
                    }
                    case "siteId" -> {
                        if (!isNull && (siteId = string(p, v)) == null) {
                            return null;
                        }
                    }
                    case "siteType" -> {
                        if (!isNull && (siteType = string(p, v)) == null) {
                            return null;
                        }
                    }
                    case "region" -> {
                        if (!isNull && (region = string(p, v)) == null) {
                            return null;
                        }
                    }
                    case "caseId" -> {
                        if (!isNull && (caseId = string(p, v)) == null) {
                            return null;
                        }
                    }
                    case "occurredAt" -> {
                        if (!isNull && (v != JsonToken.VALUE_STRING || (occurredAt = instant(p.getText())) == null)) {
                            return null;
                        }
                    }
                    case "features" -> {
                        if (!isNull && (v != JsonToken.START_OBJECT || (features = features(p)) == null)) {
                            return null;
                        }
                    }
                    case "subgroups" -> {
                        if (!isNull && (v != JsonToken.START_OBJECT || (subgroups = subgroups(p)) == null)) {
                            return null;
                        }
                    }
                    case "score" -> {
                        if (v != JsonToken.VALUE_NUMBER_FLOAT && v != JsonToken.VALUE_NUMBER_INT) {
                            return null;
                        }
                        score = p.getDoubleValue();
                    }
                    case "predictedLabel" -> {
                        if (!isNull) {
                            if (v != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                                return null;
                            }
                            predictedLabel = p.getIntValue();
                        }
                    }
                    case "latencyMs" -> {
                        if (!isNull && (latencyMs = number(p, v)) == null) {
                            return null;
                        }
                    }
                    case "energyJoules" -> {
                        if (!isNull && (energyJoules = number(p, v)) == null) {
                            return null;
                        }
                    }
                    default -> p.skipChildren(); // unknown fields: additive evolution, as the contracts' dialect
                }
            }
            // The contracts' serde rejects trailing tokens, a missing or other type id, and missing primitives.
            if (p.nextToken() != null || !InferenceEvent.TYPE.equals(type) || schemaVersion == null || score == null) {
                return null;
            }
            return new InferenceEvent(type, schemaVersion, eventId, deviceId, modelVersion, siteId, siteType, region,
                    occurredAt, caseId, features, score, predictedLabel, subgroups, latencyMs, energyJoules);
        }
    }

    private static String string(JsonParser p, JsonToken v) throws java.io.IOException {
        return v == JsonToken.VALUE_STRING ? p.getText() : null;
    }

    private static Double number(JsonParser p, JsonToken v) throws java.io.IOException {
        return v == JsonToken.VALUE_NUMBER_FLOAT || v == JsonToken.VALUE_NUMBER_INT ? p.getDoubleValue() : null;
    }

    /** Feature values as Jackson's untyped binding gives them (Integer/Long/BigInteger, Double, String, Boolean, null). */
    private static Map<String, Object> features(JsonParser p) throws java.io.IOException {
        Map<String, Object> out = new HashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            Object value = switch (p.nextToken()) {
                case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                case VALUE_NUMBER_INT -> p.getNumberValue();
                case VALUE_STRING -> p.getText();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NULL -> null;
                default -> Unsupported.VALUE; // nested objects or arrays: left to the contracts' serde
            };
            if (value == Unsupported.VALUE) {
                return null;
            }
            out.put(name, value);
        }
        return out;
    }

    private static Map<String, String> subgroups(JsonParser p) throws java.io.IOException {
        Map<String, String> out = new HashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) {
                out.put(name, null);
            } else if (v == JsonToken.VALUE_STRING) {
                out.put(name, p.getText());
            } else {
                return null;
            }
        }
        return out;
    }

    private enum Unsupported { VALUE }

    /** A canonical 36-character UUID (hex digits and dashes in place), else null. */
    private static UUID uuid(JsonParser p, JsonToken v) throws java.io.IOException {
        if (v != JsonToken.VALUE_STRING) {
            return null;
        }
        String s = p.getText();
        if (s.length() != 36) {
            return null;
        }
        long msb = 0;
        long lsb = 0;
        int digits = 0;
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int d = Character.digit(c, 16);
            if (d < 0 || c > 'f') {
                return null;
            }
            if (digits < 16) {
                msb = msb << 4 | d;
            } else {
                lsb = lsb << 4 | d;
            }
            digits++;
        }
        return new UUID(msb, lsb);
    }

    /**
     * The strict RFC 3339 shape the contracts read by hand ({@link Rfc3339#parseStrict}: the instant Jackson reads);
     * null for anything else (a leap second, a number, ...), which the contracts' serde then reads or rejects.
     */
    static Instant instant(String s) {
        return Rfc3339.parseStrict(s);
    }
}
