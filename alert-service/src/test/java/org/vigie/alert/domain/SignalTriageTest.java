package org.vigie.alert.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.events.FeedbackCategory;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.Harm;
import org.vigie.contracts.events.ReporterRole;
import org.vigie.contracts.events.Severity;
import org.vigie.contracts.events.SignalKind;

/** Plain JUnit: from a message to the condition it belongs to and its severity. */
class SignalTriageTest {

    private final SignalTriage triage = new SignalTriage(SeverityRule.defaults());
    private static final Instant AT = Instant.parse("2025-03-03T10:00:00Z");

    private static DriftSignal signal(SignalKind kind, String subgroup, double value, Double claim, Double lower,
                                      Double upper) {
        return new DriftSignal(1, UUID.randomUUID(), "k", "dev", "1.0", null, kind, Severity.INFO, "sensitivity",
                null, subgroup, null, "s", value, claim,
                lower == null ? null : new DriftSignal.Interval(lower, upper, 0.95, "wilson"), 0.01, null, null,
                false, Map.of(), AT);
    }

    @Test
    void the_shortfall_is_counted_from_the_bound_nearest_the_claim() {
        DriftSignal s = signal(SignalKind.PERFORMANCE_BELOW_CLAIM, null, 0.80, 0.90, 0.76, 0.84);
        assertThat(SignalTriage.magnitude(s)).isCloseTo(0.06, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(triage.of(s).severity()).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void subgroups_written_in_another_order_are_the_same_condition() {
        var a = triage.of(signal(SignalKind.SUBGROUP_GAP, "sex=F;age_band=80+", 0.12, null, null, null));
        var b = triage.of(signal(SignalKind.SUBGROUP_GAP, "age_band=80+; sex=F", 0.12, null, null, null));
        assertThat(a.fingerprint().key()).isEqualTo(b.fingerprint().key());
        assertThat(a.kind()).isEqualTo(AlertKind.SUBGROUP_GAP);
        assertThat(a.seenAt()).isEqualTo(AT);
    }

    @Test
    void a_death_report_is_critical_and_its_own_condition() {
        FeedbackEvent report = new FeedbackEvent(FeedbackEvent.TYPE, 1, UUID.randomUUID(), "dev", "1.0", "s", "r",
                AT, ReporterRole.NURSE, FeedbackCategory.MALFUNCTION, Harm.DEATH, "x", List.of());
        var finding = triage.of(report);
        assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(finding.kind()).isEqualTo(AlertKind.FIELD_REPORT);
        assertThat(finding.fingerprint().scope()).isEqualTo(report.eventId().toString());
    }
}
