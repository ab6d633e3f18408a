package org.vigie.alert.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.vigie.contracts.events.AlertKind;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Plain JUnit: no Quarkus, no container. */
class AlertFingerprintTest {

    private static final AlertFingerprint BASE = AlertFingerprint.ofSignal("udi-0123", "2.1.0",
            AlertKind.SUBGROUP_GAP, "sensitivity", "sex=F;age_band=80+");

    @Test
    void keyIsStableFixedLengthAndVersioned() {
        assertThat(BASE.key()).matches("afp1:[0-9a-f]{64}").isEqualTo(BASE.key());
        // Pinned: the key is persisted in a unique index, so changing the rule must be a deliberate migration.
        assertThat(BASE.key()).isEqualTo(PINNED_KEY);
    }

    static final String PINNED_KEY = "afp1:da0e75cea8411e73d80ca168ab0c86df3c810fcd317e5d5002a11a902b53ba39";

    static Stream<Arguments> sameCondition() {
        return Stream.of(
                Arguments.of("attribute order", AlertFingerprint.ofSignal("udi-0123", "2.1.0", AlertKind.SUBGROUP_GAP,
                        "sensitivity", "age_band=80+;sex=F")),
                Arguments.of("spaces and comma separator", AlertFingerprint.ofSignal(" udi-0123 ", "2.1.0 ",
                        AlertKind.SUBGROUP_GAP, "sensitivity", " age_band = 80+ , sex=F ")),
                Arguments.of("metric case", AlertFingerprint.ofSignal("udi-0123", "2.1.0", AlertKind.SUBGROUP_GAP,
                        "SENSITIVITY", "sex=F;age_band=80+")),
                Arguments.of("subgroup from attributes", AlertFingerprint.ofSignal("udi-0123", "2.1.0",
                        AlertKind.SUBGROUP_GAP, "sensitivity",
                        AlertFingerprint.subgroup(Map.of("sex", "F", "age_band", "80+")))));
    }

    @ParameterizedTest(name = "same condition despite {0}")
    @MethodSource("sameCondition")
    void normalisationKeepsOneConditionOneKey(String why, AlertFingerprint other) {
        assertThat(other.key()).isEqualTo(BASE.key());
    }

    static Stream<Arguments> differentCondition() {
        return Stream.of(
                Arguments.of("device", AlertFingerprint.ofSignal("udi-9999", "2.1.0", AlertKind.SUBGROUP_GAP,
                        "sensitivity", "sex=F;age_band=80+")),
                Arguments.of("model version", AlertFingerprint.ofSignal("udi-0123", "2.2.0", AlertKind.SUBGROUP_GAP,
                        "sensitivity", "sex=F;age_band=80+")),
                Arguments.of("kind", AlertFingerprint.ofSignal("udi-0123", "2.1.0", AlertKind.PERFORMANCE_BELOW_CLAIM,
                        "sensitivity", "sex=F;age_band=80+")),
                Arguments.of("metric", AlertFingerprint.ofSignal("udi-0123", "2.1.0", AlertKind.SUBGROUP_GAP,
                        "specificity", "sex=F;age_band=80+")),
                Arguments.of("subgroup", AlertFingerprint.ofSignal("udi-0123", "2.1.0", AlertKind.SUBGROUP_GAP,
                        "sensitivity", "sex=M;age_band=80+")),
                Arguments.of("no subgroup", AlertFingerprint.ofSignal("udi-0123", "2.1.0", AlertKind.SUBGROUP_GAP,
                        "sensitivity", null)));
    }

    @ParameterizedTest(name = "another {0} is another condition")
    @MethodSource("differentCondition")
    void everyIdentityFieldCounts(String field, AlertFingerprint other) {
        assertThat(other.key()).isNotEqualTo(BASE.key());
    }

    @Test
    void fieldBoundariesAreUnambiguous() {
        var a = AlertFingerprint.ofSignal("ab", "c", AlertKind.DATA_DRIFT, "psi", "age");
        var b = AlertFingerprint.ofSignal("a", "bc", AlertKind.DATA_DRIFT, "psi", "age");
        assertThat(a.key()).isNotEqualTo(b.key());
    }

    @Test
    void eachFieldReportIsItsOwnConditionAndARedeliveryIsTheSame() {
        var first = AlertFingerprint.ofFieldReport("udi-0123", "2.1.0", "7c1e0a51-report");
        var again = AlertFingerprint.ofFieldReport("udi-0123", "2.1.0", "7c1e0a51-report");
        var other = AlertFingerprint.ofFieldReport("udi-0123", "2.1.0", "0b2d9f44-report");
        assertThat(again.key()).isEqualTo(first.key());
        assertThat(other.key()).isNotEqualTo(first.key());
    }

    @Test
    void rejectsIncompleteIdentities() {
        assertThatThrownBy(() -> AlertFingerprint.ofSignal(" ", "1", AlertKind.DATA_DRIFT, "psi", "age"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deviceId");
        assertThatThrownBy(() -> AlertFingerprint.ofSignal("udi", null, AlertKind.DATA_DRIFT, "psi", "age"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("modelVersion");
        assertThatThrownBy(() -> AlertFingerprint.ofSignal("udi", "1", AlertKind.FIELD_REPORT, null, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertFingerprint("udi", "1", AlertKind.FIELD_REPORT, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("report id");
    }
}
