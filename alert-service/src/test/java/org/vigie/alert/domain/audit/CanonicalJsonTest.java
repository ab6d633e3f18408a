package org.vigie.alert.domain.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigie.contracts.events.AlertStatus;

/** Plain JUnit: no Quarkus, no container. */
class CanonicalJsonTest {

    static Stream<Arguments> values() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", 1);
        nested.put("a", Map.of("y", true, "b", List.of(1, "two")));
        nested.put("M", "upper sorts before lower");
        return Stream.of(
                Arguments.of(null, "null"),
                Arguments.of(true, "true"),
                Arguments.of("plain", "\"plain\""),
                Arguments.of("quote \" backslash \\ tab \t newline \n", "\"quote \\\" backslash \\\\ tab \\t newline \\n\""),
                Arguments.of("\u0001\u001f", "\"\\u0001\\u001f\""),
                Arguments.of("é €", "\"é €\""),
                Arguments.of(42, "42"),
                Arguments.of(-7L, "-7"),
                Arguments.of(1.50, "1.5"),
                Arguments.of(0.1, "0.1"),
                Arguments.of(-0.0, "0"),
                Arguments.of(1.0E10, "10000000000"),
                Arguments.of(new BigDecimal("2.500"), "2.5"),
                Arguments.of(AlertStatus.ACKNOWLEDGED, "\"ACKNOWLEDGED\""),
                Arguments.of(UUID.fromString("7c1e0a51-0000-4000-8000-000000000001"),
                        "\"7c1e0a51-0000-4000-8000-000000000001\""),
                Arguments.of(Instant.parse("2025-03-03T10:00:00Z"), "\"2025-03-03T10:00:00Z\""),
                Arguments.of(LocalDate.of(2025, 3, 3), "\"2025-03-03\""),
                Arguments.of(Arrays.asList(1, null, "x"), "[1,null,\"x\"]"),
                Arguments.of(new Object[] {}, "[]"),
                Arguments.of(nested, "{\"M\":\"upper sorts before lower\",\"a\":{\"b\":[1,\"two\"],\"y\":true},\"z\":1}"));
    }

    @ParameterizedTest
    @MethodSource("values")
    void oneTextForOneValue(Object value, String expected) {
        assertThat(CanonicalJson.write(value)).isEqualTo(expected);
    }

    @Test
    void keyOrderOfTheInputDoesNotMatter() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("note", "x");
        a.put("from", "OPEN");
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("from", "OPEN");
        b.put("note", "x");
        assertThat(CanonicalJson.write(a)).isEqualTo(CanonicalJson.write(b));
    }

    @Test
    void refusesWhatHasNoCanonicalForm() {
        assertThatThrownBy(() -> CanonicalJson.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.write(Map.of(1, "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.write(new Object())).isInstanceOf(IllegalArgumentException.class);
    }
}
