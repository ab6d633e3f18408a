package org.vigie.alert.domain.regulatory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigie.alert.domain.IncidentFlag.*;
import static org.vigie.contracts.events.AlertKind.*;
import static org.vigie.contracts.events.DeviceRegulation.IVDR;
import static org.vigie.contracts.events.DeviceRegulation.MDR;
import static org.vigie.contracts.events.DeviceRegulation.NONE;
import static org.vigie.contracts.events.FeedbackCategory.*;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.events.DeviceRegulation;
import org.vigie.contracts.events.FeedbackCategory;
import org.vigie.contracts.events.Harm;

/**
 * The deadline table. Plain JUnit: no Quarkus, no container. Awareness is Monday 3 March 2025, 10:00 UTC
 * (11:00 in Paris, 05:00 in Washington), so: +2 days = 03-05, +10 = 03-13, +15 = 03-18, +30 = 04-02,
 * and 5 US work days = Monday 03-10 (across the weekend of 8-9 March).
 */
class RegulatoryObligationsTest {

    static final Instant AWARE = Instant.parse("2025-03-03T10:00:00Z");
    static final List<String> FR = List.of("FR");
    static final List<String> US = List.of("US");

    private final RegulatoryObligations rules = RegulatoryObligations.withDefaults();

    static AlertFacts report(Harm harm, FeedbackCategory category, DeviceRegulation regulation, List<String> where) {
        return AlertFacts.fieldReport(harm, category, regulation, where, AWARE);
    }

    static AlertFacts signal(AlertKind kind, DeviceRegulation regulation, List<String> where) {
        return AlertFacts.signal(kind, regulation, where, AWARE);
    }

    static Arguments row(String name, AlertFacts facts, String... expected) {
        return Arguments.of(name, facts, List.of(expected));
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // EU MDR Art. 87 — serious incidents
                row("death -> MDR 87(5) 10 days, no AI Act (73(10))",
                        report(Harm.DEATH, MALFUNCTION, MDR, FR),
                        "EU_MDR | Art. 87(5) | ANSM | VIGILANCE | 2025-03-13"),
                row("ordinary serious incident -> MDR 87(3) 15 days",
                        report(Harm.SERIOUS, WRONG_OUTPUT, MDR, FR),
                        "EU_MDR | Art. 87(3) | ANSM | VIGILANCE | 2025-03-18"),
                row("public-health threat -> MDR 87(4) 2 days",
                        signal(PERFORMANCE_BELOW_CLAIM, MDR, FR).withFlags(PUBLIC_HEALTH_THREAT),
                        "EU_MDR | Art. 87(4) | ANSM | VIGILANCE | 2025-03-05"),
                row("public-health threat beats death: shortest clock, one report",
                        report(Harm.DEATH, MALFUNCTION, MDR, FR).withFlags(PUBLIC_HEALTH_THREAT),
                        "EU_MDR | Art. 87(4) | ANSM | VIGILANCE | 2025-03-05"),
                row("unanticipated serious deterioration -> MDR 87(5) 10 days",
                        report(Harm.NON_SERIOUS, MALFUNCTION, MDR, FR).withFlags(UNANTICIPATED_SERIOUS_DETERIORATION),
                        "EU_MDR | Art. 87(5) | ANSM | VIGILANCE | 2025-03-13"),
                row("below claim that might lead to serious harm -> 87(3), not a trend",
                        signal(PERFORMANCE_BELOW_CLAIM, MDR, FR).withFlags(MIGHT_LEAD_TO_SERIOUS_HARM),
                        "EU_MDR | Art. 87(3) | ANSM | VIGILANCE | 2025-03-18"),

                // EU MDR Art. 88 — trend reports (policy default 30 days)
                row("non-serious data drift -> Art. 88 trend only",
                        signal(DATA_DRIFT, MDR, FR), "EU_MDR | Art. 88 | ANSM | VIGILANCE | 2025-04-02"),
                row("score drift -> Art. 88", signal(SCORE_DRIFT, MDR, FR),
                        "EU_MDR | Art. 88 | ANSM | VIGILANCE | 2025-04-02"),
                row("performance below claim -> Art. 88", signal(PERFORMANCE_BELOW_CLAIM, MDR, FR),
                        "EU_MDR | Art. 88 | ANSM | VIGILANCE | 2025-04-02"),
                row("subgroup gap -> Art. 88", signal(SUBGROUP_GAP, MDR, FR),
                        "EU_MDR | Art. 88 | ANSM | VIGILANCE | 2025-04-02"),
                row("version regression -> Art. 88", signal(VERSION_REGRESSION, MDR, FR),
                        "EU_MDR | Art. 88 | ANSM | VIGILANCE | 2025-04-02"),
                row("error-rate change -> Art. 88", signal(ERROR_RATE_CHANGE, MDR, FR),
                        "EU_MDR | Art. 88 | ANSM | VIGILANCE | 2025-04-02"),

                // Nothing to report
                row("usage shift starts no clock", signal(USAGE_SHIFT, MDR, FR)),
                row("label-free estimate starts no clock", signal(ESTIMATED_PERFORMANCE_DROP, MDR, FR)),
                row("overdue escalation starts no clock", signal(OBLIGATION_OVERDUE, MDR, FR)),
                row("non-serious malfunction report starts no clock", report(Harm.NON_SERIOUS, MALFUNCTION, MDR, FR)),
                row("usability remark starts no clock", report(Harm.NONE, USABILITY, MDR, FR)),
                row("critical infrastructure, MDR device: outside 73(10), no MDR trigger",
                        signal(USAGE_SHIFT, MDR, FR).withFlags(CRITICAL_INFRASTRUCTURE_DISRUPTION)),

                // Ethics channel and AI Act Art. 73(10)
                row("unconfirmed bias concern -> ethics referral only",
                        report(Harm.NONE, BIAS_CONCERN, MDR, FR),
                        "ETHICS_ALERT_CHANNEL | ethics referral | ANSM | ETHICS | 2025-03-18"),
                row("AI Act 73(10): confirmed bias on an MDR device -> 73(2) to the ethics channel, no duplicate referral",
                        report(Harm.NONE, BIAS_CONCERN, MDR, FR).withFlags(FUNDAMENTAL_RIGHTS_INFRINGEMENT),
                        "EU_AI_ACT | Art. 73(2), limited by Art. 73(10) | ANSM | ETHICS | 2025-03-18"),
                row("AI Act 73(10): widespread ethics infringement -> 73(3) 2 days",
                        report(Harm.NONE, ETHICS_CONCERN, MDR, FR).withFlags(FUNDAMENTAL_RIGHTS_INFRINGEMENT,
                                WIDESPREAD_INFRINGEMENT),
                        "EU_AI_ACT | Art. 73(3), limited by Art. 73(10) | ANSM | ETHICS | 2025-03-05"),
                row("AI Act 73(10): death from a biased MDR device -> harm via MDR, rights via AI Act",
                        report(Harm.DEATH, BIAS_CONCERN, MDR, FR).withFlags(FUNDAMENTAL_RIGHTS_INFRINGEMENT),
                        "EU_MDR | Art. 87(5) | ANSM | VIGILANCE | 2025-03-13",
                        "EU_AI_ACT | Art. 73(2), limited by Art. 73(10) | ANSM | ETHICS | 2025-03-18"),
                row("serious harm with a bias concern -> MDR 87(3) and ethics referral",
                        report(Harm.SERIOUS, BIAS_CONCERN, MDR, FR),
                        "EU_MDR | Art. 87(3) | ANSM | VIGILANCE | 2025-03-18",
                        "ETHICS_ALERT_CHANNEL | ethics referral | ANSM | ETHICS | 2025-03-18"),
                row("confirmed subgroup gap -> trend report and AI Act 73(10)",
                        signal(SUBGROUP_GAP, MDR, FR).withFlags(FUNDAMENTAL_RIGHTS_INFRINGEMENT),
                        "EU_AI_ACT | Art. 73(2), limited by Art. 73(10) | ANSM | ETHICS | 2025-03-18",
                        "EU_MDR | Art. 88 | ANSM | VIGILANCE | 2025-04-02"),

                // AI system that is not a device: the AI Act covers all serious incidents of Art. 3(49)
                row("not a device, death -> AI Act 73(4) 10 days",
                        report(Harm.DEATH, WRONG_OUTPUT, NONE, FR),
                        "EU_AI_ACT | Art. 73(4) | ANSM | VIGILANCE | 2025-03-13"),
                row("not a device, serious harm -> AI Act 73(2) 15 days",
                        report(Harm.SERIOUS, WRONG_OUTPUT, NONE, FR),
                        "EU_AI_ACT | Art. 73(2) | ANSM | VIGILANCE | 2025-03-18"),
                row("not a device, critical infrastructure -> AI Act 73(3) 2 days",
                        signal(USAGE_SHIFT, NONE, FR).withFlags(CRITICAL_INFRASTRUCTURE_DISRUPTION),
                        "EU_AI_ACT | Art. 73(3) | ANSM | VIGILANCE | 2025-03-05"),
                row("not a device, death and widespread infringement -> 2 days wins",
                        report(Harm.DEATH, ETHICS_CONCERN, NONE, FR).withFlags(WIDESPREAD_INFRINGEMENT),
                        "EU_AI_ACT | Art. 73(3) | ANSM | VIGILANCE | 2025-03-05",
                        "ETHICS_ALERT_CHANNEL | ethics referral | ANSM | ETHICS | 2025-03-18"),
                row("not a device, confirmed bias -> AI Act 73(2) to ethics",
                        report(Harm.NONE, BIAS_CONCERN, NONE, FR).withFlags(FUNDAMENTAL_RIGHTS_INFRINGEMENT),
                        "EU_AI_ACT | Art. 73(2) | ANSM | ETHICS | 2025-03-18"),
                row("not a device, drift -> no AI Act trend reporting", signal(DATA_DRIFT, NONE, FR)),

                // IVDR mirrors MDR with its own article numbers
                row("IVDR serious incident -> Art. 82(3)", report(Harm.SERIOUS, WRONG_OUTPUT, IVDR, FR),
                        "EU_IVDR | Art. 82(3) | ANSM | VIGILANCE | 2025-03-18"),
                row("IVDR death -> Art. 82(5)", report(Harm.DEATH, WRONG_OUTPUT, IVDR, List.of("DE")),
                        "EU_IVDR | Art. 82(5) | BfArM | VIGILANCE | 2025-03-13"),
                row("IVDR drift -> Art. 83 trend", signal(DATA_DRIFT, IVDR, FR),
                        "EU_IVDR | Art. 83 | ANSM | VIGILANCE | 2025-04-02"),

                // US FDA 21 CFR 803
                row("US serious injury -> 803.50 30 calendar days",
                        report(Harm.SERIOUS, MALFUNCTION, MDR, US),
                        "US_FDA_MDR | 21 CFR 803.50 | FDA | VIGILANCE | 2025-04-02"),
                row("US death -> 803.50 30 calendar days", report(Harm.DEATH, MALFUNCTION, MDR, US),
                        "US_FDA_MDR | 21 CFR 803.50 | FDA | VIGILANCE | 2025-04-02"),
                row("US remedial action -> 803.53 5 work days across a weekend",
                        report(Harm.SERIOUS, MALFUNCTION, MDR, US).withFlags(REMEDIAL_ACTION_NEEDED),
                        "US_FDA_MDR | 21 CFR 803.53 | FDA | VIGILANCE | 2025-03-10"),
                row("US malfunction that might lead to serious harm -> 803.50",
                        signal(PERFORMANCE_BELOW_CLAIM, MDR, US).withFlags(MIGHT_LEAD_TO_SERIOUS_HARM),
                        "US_FDA_MDR | 21 CFR 803.50 | FDA | VIGILANCE | 2025-04-02"),
                row("US drift -> no trend report in Part 803", signal(DATA_DRIFT, MDR, US)),
                row("US bias concern without harm -> nothing under Part 803",
                        report(Harm.NONE, BIAS_CONCERN, MDR, US)),

                // Several jurisdictions: one report per authority, most urgent first
                row("FR + DE + US serious incident",
                        report(Harm.SERIOUS, WRONG_OUTPUT, MDR, List.of("FR", "DE", "US")),
                        "EU_MDR | Art. 87(3) | BfArM | VIGILANCE | 2025-03-18",
                        "EU_MDR | Art. 87(3) | ANSM | VIGILANCE | 2025-03-18",
                        "US_FDA_MDR | 21 CFR 803.50 | FDA | VIGILANCE | 2025-04-02"),
                row("Greece as EL, lower case, duplicates",
                        report(Harm.SERIOUS, WRONG_OUTPUT, MDR, List.of("el", "GR", " gr ")),
                        "EU_MDR | Art. 87(3) | EOF | VIGILANCE | 2025-03-18"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void obligationsAndDeadlines(String name, AlertFacts facts, List<String> expected) {
        assertThat(rules.assess(facts).obligations()).map(RegulatoryObligationsTest::line)
                .containsExactlyElementsOf(expected);
    }

    static String line(Obligation o) {
        return String.join(" | ", o.regulation().name(), o.article(), o.recipient().code(),
                o.recipient().channel().name(), o.deadline().dueDate().toString());
    }

    @Test
    void statutoryAndPolicyDeadlinesAreToldApart() {
        var drift = rules.assess(signal(DATA_DRIFT, MDR, FR)).obligations().get(0);
        assertThat(drift.deadline().basis()).isEqualTo(ReportingDeadline.Basis.POLICY_DEFAULT);
        assertThat(drift.reason()).contains("data drift", "policy default");
        var death = rules.assess(report(Harm.DEATH, MALFUNCTION, MDR, FR)).obligations().get(0);
        assertThat(death.deadline().basis()).isEqualTo(ReportingDeadline.Basis.STATUTORY);
        assertThat(death.reason()).contains("death");
        assertThat(death.ethicsChannel()).isFalse();
    }

    @Test
    void trendReportDaysAreConfigurable() {
        var custom = new RegulatoryObligations(CompetentAuthorities.defaults(),
                ReportingPolicy.defaults().withTrendReportDays(60));
        assertThat(custom.assess(signal(SUBGROUP_GAP, MDR, FR)).obligations())
                .singleElement().extracting(o -> o.deadline().dueDate().toString()).isEqualTo("2025-05-02");
    }

    @Test
    void aiActObligationsBeforeTheApplicationDateAreFlaggedOrLeftOut() {
        var facts = report(Harm.NONE, BIAS_CONCERN, MDR, FR).withFlags(FUNDAMENTAL_RIGHTS_INFRINGEMENT);
        assertThat(rules.assess(facts).obligations()).singleElement()
                .satisfies(o -> assertThat(o.reason()).contains("not yet binding", "2027-08-02"));

        var strict = new RegulatoryObligations(CompetentAuthorities.defaults(),
                ReportingPolicy.defaults().withReportAiActBeforeApplication(false));
        // Without the AI Act report, the concern still reaches the ethics channel.
        assertThat(strict.assess(facts).obligations()).map(RegulatoryObligationsTest::line)
                .containsExactly("ETHICS_ALERT_CHANNEL | ethics referral | ANSM | ETHICS | 2025-03-18");
        var after = AlertFacts.fieldReport(Harm.NONE, BIAS_CONCERN, MDR, FR, Instant.parse("2027-09-01T08:00:00Z"))
                .withFlags(FUNDAMENTAL_RIGHTS_INFRINGEMENT);
        assertThat(strict.assess(after).obligations()).singleElement()
                .satisfies(o -> assertThat(o.reason()).doesNotContain("not yet binding"));
    }

    @Test
    void unmappedJurisdictionsAreReportedNotDropped() {
        var assessment = rules.assess(report(Harm.SERIOUS, WRONG_OUTPUT, MDR, List.of("GB", "FR", "CH", "NO")));
        assertThat(assessment.unmappedJurisdictions()).containsExactly("GB", "CH", "NO");
        assertThat(assessment.obligations()).hasSize(1);
    }

    @Test
    void everyEuMemberStateHasAnAuthority() {
        var authorities = CompetentAuthorities.defaults();
        assertThat(CompetentAuthorities.EU_MEMBER_STATES).hasSize(27)
                .allSatisfy(c -> assertThat(authorities.vigilance(c)).isPresent());
        var facts = report(Harm.SERIOUS, WRONG_OUTPUT, MDR, List.copyOf(CompetentAuthorities.EU_MEMBER_STATES));
        var assessment = rules.assess(facts);
        assertThat(assessment.unmappedJurisdictions()).isEmpty();
        assertThat(assessment.obligations()).hasSize(27)
                .extracting(o -> o.recipient().code()).doesNotHaveDuplicates();
    }

    @Test
    void configurationOverridesTheAuthorityTable() {
        var rightsAuthority = new RecipientAuthority("DDD", "Défenseur des droits", "FR", java.time.ZoneId.of("Europe/Paris"),
                ReportingChannel.ETHICS);
        var custom = new RegulatoryObligations(CompetentAuthorities.defaults().withFundamentalRightsAuthority("FR", rightsAuthority),
                ReportingPolicy.defaults());
        assertThat(custom.assess(report(Harm.NONE, ETHICS_CONCERN, MDR, FR)).obligations())
                .singleElement().satisfies(o -> {
                    assertThat(o.recipient().code()).isEqualTo("DDD");
                    assertThat(o.ethicsChannel()).isTrue();
                });
    }

    @Test
    void overdueObligationsAreListedMostOverdueFirst() {
        var assessment = rules.assess(report(Harm.DEATH, BIAS_CONCERN, MDR, List.of("FR", "US")));
        // FR 87(5) due 03-13, ethics referral due 03-18, FDA 803.50 due 04-02.
        assertThat(assessment.overdue(Instant.parse("2025-03-13T22:59:59Z"))).isEmpty();
        var overdue = assessment.overdue(Instant.parse("2025-03-20T12:00:00Z"));
        assertThat(overdue).extracting(o -> o.obligation().article())
                .containsExactly("Art. 87(5)", "ethics referral");
        // 87(5) was due by the end of 13 March in Paris = 2025-03-13T23:00Z.
        assertThat(overdue.get(0).overdueBy()).isEqualTo(Duration.ofDays(6).plusHours(13));
        assertThat(overdue.get(1).overdueBy()).isEqualTo(Duration.ofDays(1).plusHours(13));
        assertThat(assessment.mostUrgent()).get().extracting(Obligation::article).isEqualTo("Art. 87(5)");
    }

    @Test
    void obligationKeyIgnoresTheDeadlineSoEscalationUpdatesInPlace() {
        var serious = rules.assess(report(Harm.SERIOUS, WRONG_OUTPUT, MDR, FR)).obligations().get(0);
        var death = rules.assess(report(Harm.DEATH, WRONG_OUTPUT, MDR, FR)).obligations().get(0);
        assertThat(death.key()).isEqualTo(serious.key()).isEqualTo("EU_MDR:ANSM:VIGILANCE");
        assertThat(death.dueBy()).isBefore(serious.dueBy());
    }

    @Test
    void factsAreValidated() {
        assertThatThrownBy(() -> AlertFacts.fieldReport(Harm.NONE, null, MDR, FR, AWARE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AlertFacts(DATA_DRIFT, Harm.NONE, BIAS_CONCERN, null, MDR, FR, AWARE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(rules.assess(signal(DATA_DRIFT, MDR, List.of())).obligations()).isEmpty();
    }
}
