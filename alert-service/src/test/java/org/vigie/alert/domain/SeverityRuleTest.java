package org.vigie.alert.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.vigie.alert.domain.IncidentFlag.*;
import static org.vigie.contracts.events.AlertKind.*;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.events.FeedbackCategory;
import org.vigie.contracts.events.Harm;
import org.vigie.contracts.events.Severity;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Plain JUnit: no Quarkus, no container. */
class SeverityRuleTest {

    private final SeverityRule rule = SeverityRule.defaults();

    @ParameterizedTest(name = "{0} magnitude {1} -> {2}")
    @CsvSource({
            // drift: Cohen bands, capped at MEDIUM because label-free
            "DATA_DRIFT, 0.1, INFO",
            "DATA_DRIFT, 0.2, LOW",
            "DATA_DRIFT, 0.6, MEDIUM",
            "DATA_DRIFT, 1.5, MEDIUM",
            "DATA_DRIFT, -0.6, MEDIUM",
            "SCORE_DRIFT, 0.3, LOW",
            "SCORE_DRIFT, 0.9, MEDIUM",
            // usage shift: points of override rate, capped
            "USAGE_SHIFT, 0.02, INFO",
            "USAGE_SHIFT, 0.07, LOW",
            "USAGE_SHIFT, 0.30, MEDIUM",
            // label-free estimate: performance bands, capped
            "ESTIMATED_PERFORMANCE_DROP, 0.005, INFO",
            "ESTIMATED_PERFORMANCE_DROP, 0.20, MEDIUM",
            // labelled findings: at least LOW, up to HIGH
            "PERFORMANCE_BELOW_CLAIM, 0.0, LOW",
            "PERFORMANCE_BELOW_CLAIM, 0.049, LOW",
            "PERFORMANCE_BELOW_CLAIM, 0.05, MEDIUM",
            "PERFORMANCE_BELOW_CLAIM, 0.12, HIGH",
            "SUBGROUP_GAP, 0.03, LOW",
            "SUBGROUP_GAP, 0.11, HIGH",
            "VERSION_REGRESSION, 0.05, MEDIUM",
            "ERROR_RATE_CHANGE, 0.0, LOW",
            "ERROR_RATE_CHANGE, 0.9, HIGH",
            "OBLIGATION_OVERDUE, 0.0, HIGH",
    })
    void signalSizeBandsFloorsAndCaps(AlertKind kind, double magnitude, Severity expected) {
        assertThat(rule.assess(SeverityEvidence.signal(kind, magnitude))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "field report {0} / {1} -> {2}")
    @CsvSource({
            "NONE, MALFUNCTION, LOW",
            "NONE, USABILITY, LOW",
            "NON_SERIOUS, WRONG_OUTPUT, MEDIUM",
            "SERIOUS, WRONG_OUTPUT, HIGH",
            "DEATH, MALFUNCTION, CRITICAL",
            "NONE, BIAS_CONCERN, MEDIUM",
            "NONE, ETHICS_CONCERN, MEDIUM",
            "SERIOUS, BIAS_CONCERN, HIGH",
    })
    void fieldReportsFollowHarm(Harm harm, FeedbackCategory category, Severity expected) {
        assertThat(rule.assess(SeverityEvidence.fieldReport(harm, category))).isEqualTo(expected);
    }

    static Stream<Arguments> flagged() {
        return Stream.of(
                Arguments.of(SeverityEvidence.signal(DATA_DRIFT, 0.3).withFlags(PUBLIC_HEALTH_THREAT), Severity.CRITICAL),
                Arguments.of(SeverityEvidence.signal(SCORE_DRIFT, 0.0).withFlags(MIGHT_LEAD_TO_SERIOUS_HARM),
                        Severity.HIGH),
                Arguments.of(SeverityEvidence.signal(PERFORMANCE_BELOW_CLAIM, 0.12)
                        .withFlags(FUNDAMENTAL_RIGHTS_INFRINGEMENT), Severity.HIGH),
                Arguments.of(SeverityEvidence.signal(SUBGROUP_GAP, 0.02).withFlags(WIDESPREAD_INFRINGEMENT),
                        Severity.CRITICAL),
                Arguments.of(SeverityEvidence.signal(USAGE_SHIFT, 0.0).withFlags(CRITICAL_INFRASTRUCTURE_DISRUPTION),
                        Severity.CRITICAL),
                Arguments.of(SeverityEvidence.signal(PERFORMANCE_BELOW_CLAIM, 0.0).withFlags(REMEDIAL_ACTION_NEEDED),
                        Severity.HIGH),
                Arguments.of(SeverityEvidence.fieldReport(Harm.NON_SERIOUS, FeedbackCategory.MALFUNCTION)
                        .withFlags(UNANTICIPATED_SERIOUS_DETERIORATION), Severity.CRITICAL));
    }

    @ParameterizedTest
    @MethodSource("flagged")
    void flagsRaiseSeverityToTheLegalClock(SeverityEvidence evidence, Severity expected) {
        assertThat(rule.assess(evidence)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "claim {0}, interval [{1}, {2}], lowerIsBetter={3} -> shortfall {4}")
    @CsvSource({
            "0.90, 0.76, 0.84, false, 0.06",
            "0.90, 0.85, 0.95, false, 0.0",
            "0.90, 0.70, 0.90, false, 0.0",
            "0.05, 0.07, 0.09, true, 0.02",
            "0.05, 0.03, 0.09, true, 0.0",
    })
    void claimShortfallCountsFromTheBoundNearestTheClaim(double claim, double lower, double upper,
                                                         boolean lowerIsBetter, double expected) {
        assertThat(SeverityEvidence.claimShortfall(claim, lower, upper, lowerIsBetter)).isCloseTo(expected,
                within(1e-12));
    }

    @Test
    void configurableBandsForAnotherDriftStatistic() {
        var psi = new SeverityRule(new SeverityRule.Bands(0.1, 0.25, 0.5), SeverityRule.PERFORMANCE_POINT_BANDS,
                SeverityRule.USAGE_SHIFT_BANDS);
        assertThat(psi.assess(SeverityEvidence.signal(DATA_DRIFT, 0.12))).isEqualTo(Severity.LOW);
        assertThat(psi.assess(SeverityEvidence.signal(DATA_DRIFT, 0.3))).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> SeverityEvidence.signal(DATA_DRIFT, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeverityEvidence.claimShortfall(0.9, 0.8, 0.7, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SeverityRule.Bands(0.5, 0.2, 0.8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void severityOrderHelpers() {
        assertThat(Severity.HIGH.atLeast(Severity.MEDIUM)).isTrue();
        assertThat(Severity.LOW.atLeast(Severity.MEDIUM)).isFalse();
        assertThat(SeverityRule.max(Severity.LOW, Severity.HIGH)).isEqualTo(Severity.HIGH);
        assertThat(SeverityRule.min(Severity.CRITICAL, Severity.MEDIUM)).isEqualTo(Severity.MEDIUM);
    }
}
