package org.vigie.alert.domain.regulatory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vigie.alert.domain.IncidentFlag;
import org.vigie.alert.domain.regulatory.ReportingDeadline.Basis;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.events.DeviceRegulation;
import org.vigie.contracts.events.Harm;

/**
 * The reports an alert makes due, with their deadlines. For each jurisdiction of the device:
 *
 * <p><b>EU, MDR or IVDR device</b>
 * <ul>
 *   <li>Serious incident (MDR Art. 87 / IVDR Art. 82) when harm is serious or death, or the alert is flagged a
 *       public-health threat, an unanticipated serious deterioration, or might lead to serious harm (the
 *       "might have led or might lead to" of MDR Art. 2(65)). 2 days for a serious public-health threat
 *       (87(4)), 10 days for death or unanticipated serious deterioration (87(5)), otherwise 15 days (87(3)).
 *       The shortest applicable clock wins: one report per authority.</li>
 *   <li>Otherwise, trend report (MDR Art. 88 / IVDR Art. 83) when the kind is trend evidence (drift,
 *       performance below claim, subgroup gap, version regression, error-rate change), within the policy's
 *       days. A serious incident is reported under Art. 87 instead, never twice.</li>
 *   <li>AI Act Art. 73, limited by 73(10) to fundamental-rights infringements (flag FUNDAMENTAL_RIGHTS_INFRINGEMENT
 *       or WIDESPREAD_INFRINGEMENT): 2 days if widespread (73(3)), otherwise 15 days (73(2)), to the ethics
 *       channel. Death, harm and critical infrastructure go through MDR vigilance only.</li>
 * </ul>
 * <p><b>EU, AI system that is not a device</b>: AI Act Art. 73 for any serious incident of Art. 3(49): death or
 * serious harm to health, critical infrastructure, fundamental rights — plus widespread infringements. 2 days for
 * widespread infringement or critical infrastructure (73(3)), 10 days for death (73(4)), otherwise 15 (73(2)).
 * There is no trend reporting in the AI Act.
 *
 * <p><b>EU, bias or ethics concern field report</b>: additionally referred to the authority's ethics channel
 * within the policy's days, unless an AI Act report already goes there.
 *
 * <p><b>United States</b>: 21 CFR 803 when the event is reportable — death or serious injury (803.50(a)(1)),
 * a malfunction that might lead to serious harm if it recurred (803.50(a)(2)), or one needing remedial action
 * (a public-health threat or unanticipated deterioration is a fortiori reportable): 5 work days when remedial
 * action is needed to prevent an unreasonable risk of substantial harm (803.53(a)), otherwise 30 calendar days
 * (803.50(a)). Part 803 has no trend report: a non-serious drift starts no FDA clock.
 *
 * <p>Anything else (another country, or a usage shift, a label-free estimate, a non-serious field report) starts
 * no clock; unknown countries are listed in {@link ObligationAssessment#unmappedJurisdictions()}.
 *
 * <p>Field-safety corrective actions (MDR Art. 87(1)(b)), the PSUR cycle (Art. 86) and FDA 803.52 supplemental
 * reports are not modelled here.
 */
public final class RegulatoryObligations {

    private final CompetentAuthorities authorities;
    private final ReportingPolicy policy;

    public RegulatoryObligations(CompetentAuthorities authorities, ReportingPolicy policy) {
        this.authorities = Objects.requireNonNull(authorities, "authorities");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public static RegulatoryObligations withDefaults() {
        return new RegulatoryObligations(CompetentAuthorities.defaults(), ReportingPolicy.defaults());
    }

    public ObligationAssessment assess(AlertFacts facts) {
        List<Obligation> obligations = new ArrayList<>();
        List<String> unmapped = new ArrayList<>();
        for (String country : facts.jurisdictions()) {
            if (CompetentAuthorities.isEuMemberState(country) && authorities.vigilance(country).isPresent()) {
                obligations.addAll(euObligations(facts, country));
            } else if (CompetentAuthorities.UNITED_STATES.equals(country)
                    && authorities.vigilance(country).isPresent()) {
                fdaObligation(facts, authorities.vigilance(country).orElseThrow()).ifPresent(obligations::add);
            } else {
                unmapped.add(country);
            }
        }
        obligations.sort(Comparator.comparing(Obligation::dueBy)
                .thenComparing(o -> o.regulation().ordinal())
                .thenComparing(o -> o.recipient().countryCode()));
        return new ObligationAssessment(obligations, unmapped);
    }

    /**
     * Whether a signal of this kind evidences "a statistically significant increase in the frequency or severity"
     * of incidents, which MDR Art. 88 / IVDR Art. 83 require to be reported as a trend. The drift service only
     * emits significance-tested signals, so the kind is the evidence. Two kinds are deliberately left out:
     * an estimated performance drop is a label-free estimate (no incident is confirmed until ground truth
     * turns it into PERFORMANCE_BELOW_CLAIM), and a usage shift measures clinician behaviour, not device incidents.
     */
    public static boolean isTrendEvidence(AlertKind kind) {
        return switch (kind) {
            case DATA_DRIFT, SCORE_DRIFT, PERFORMANCE_BELOW_CLAIM, SUBGROUP_GAP, VERSION_REGRESSION,
                    ERROR_RATE_CHANGE -> true;
            default -> false;
        };
    }

    /** SERIOUS and DEATH make a report a serious incident (MDR Art. 2(65), AI Act Art. 3(49)(a)). */
    public static boolean isSerious(Harm harm) {
        return harm == Harm.SERIOUS || harm == Harm.DEATH;
    }

    /** AI Act Art. 73(10): an AI system that is itself an MDR or IVDR device reports harm through device vigilance. */
    public static boolean isMedicalDevice(DeviceRegulation regulation) {
        return regulation != DeviceRegulation.NONE;
    }

    private List<Obligation> euObligations(AlertFacts facts, String country) {
        RecipientAuthority vigilance = authorities.vigilance(country).orElseThrow();
        RecipientAuthority ethics = authorities.fundamentalRights(country).orElseThrow();
        List<Obligation> out = new ArrayList<>();
        DeviceRegulation device = facts.deviceRegulation();
        if (isMedicalDevice(device)) {
            Regulation regulation = device == DeviceRegulation.MDR ? Regulation.EU_MDR : Regulation.EU_IVDR;
            if (isDeviceSeriousIncident(facts)) {
                out.add(vigilanceReport(facts, regulation, vigilance));
            } else if (isTrendEvidence(facts.kind())) {
                out.add(new Obligation(regulation, device == DeviceRegulation.MDR ? "Art. 88" : "Art. 83",
                        vigilance,
                        ReportingDeadline.calendarDays(facts.awareness(), vigilance.zone(), policy.trendReportDays(),
                                Basis.POLICY_DEFAULT),
                        "statistically significant " + describe(facts.kind())
                                + " is trend evidence; no day count in the regulation, policy default applies"));
            }
        }
        aiActReport(facts, vigilance, ethics).ifPresent(out::add);
        boolean ethicsAlreadyTold = out.stream().anyMatch(Obligation::ethicsChannel);
        if (facts.isEthicsConcern() && !ethicsAlreadyTold) {
            out.add(new Obligation(Regulation.ETHICS_ALERT_CHANNEL, "ethics referral", ethics,
                    ReportingDeadline.calendarDays(facts.awareness(), ethics.zone(), policy.ethicsReferralDays(),
                            Basis.POLICY_DEFAULT),
                    describe(facts.category().name()) + " field report, referred to the ethics channel"
                            + " pending assessment as a fundamental-rights infringement"));
        }
        return out;
    }

    /** MDR Art. 2(65): led, might have led or might lead to death or serious deterioration, or a public-health threat. */
    private static boolean isDeviceSeriousIncident(AlertFacts facts) {
        return isSerious(facts.harm())
                || facts.has(IncidentFlag.PUBLIC_HEALTH_THREAT)
                || facts.has(IncidentFlag.UNANTICIPATED_SERIOUS_DETERIORATION)
                || facts.has(IncidentFlag.MIGHT_LEAD_TO_SERIOUS_HARM);
    }

    private static Obligation vigilanceReport(AlertFacts facts, Regulation regulation, RecipientAuthority to) {
        // MDR Art. 87(3)-(5) and IVDR Art. 82(3)-(5) share their paragraphs and day counts.
        String base = regulation == Regulation.EU_MDR ? "Art. 87" : "Art. 82";
        int days;
        String paragraph;
        String why;
        if (facts.has(IncidentFlag.PUBLIC_HEALTH_THREAT)) {
            days = 2;
            paragraph = "(4)";
            why = "serious public health threat";
        } else if (facts.harm() == Harm.DEATH || facts.has(IncidentFlag.UNANTICIPATED_SERIOUS_DETERIORATION)) {
            days = 10;
            paragraph = "(5)";
            why = facts.harm() == Harm.DEATH ? "death" : "unanticipated serious deterioration in state of health";
        } else {
            days = 15;
            paragraph = "(3)";
            why = isSerious(facts.harm()) ? "serious incident (serious harm)"
                    : "serious incident (might lead to death or serious deterioration)";
        }
        return new Obligation(regulation, base + paragraph, to,
                ReportingDeadline.calendarDays(facts.awareness(), to.zone(), days, Basis.STATUTORY),
                why + " from " + describe(facts.kind()));
    }

    private Optional<Obligation> aiActReport(AlertFacts facts, RecipientAuthority vigilance,
                                                       RecipientAuthority ethics) {
        boolean widespread = facts.has(IncidentFlag.WIDESPREAD_INFRINGEMENT);
        boolean fundamentalRights = facts.has(IncidentFlag.FUNDAMENTAL_RIGHTS_INFRINGEMENT) || widespread;
        boolean infrastructure = facts.has(IncidentFlag.CRITICAL_INFRASTRUCTURE_DISRUPTION);
        boolean device = isMedicalDevice(facts.deviceRegulation());
        // AI Act Art. 3(49)(a): "death of a person, or serious harm to a person's health".
        boolean health = isSerious(facts.harm()) || facts.has(IncidentFlag.UNANTICIPATED_SERIOUS_DETERIORATION)
                || facts.has(IncidentFlag.PUBLIC_HEALTH_THREAT);
        if (device ? !fundamentalRights : !(fundamentalRights || infrastructure || health)) {
            return Optional.empty();
        }
        LocalDate applies = device ? ReportingPolicy.AI_ACT_PRODUCT_SYSTEMS_APPLY
                : ReportingPolicy.AI_ACT_ANNEX_III_SYSTEMS_APPLY;
        boolean binding = !facts.awareness().atZone(vigilance.zone()).toLocalDate().isBefore(applies);
        if (!binding && !policy.reportAiActBeforeApplication()) {
            return Optional.empty();
        }
        int days;
        String article;
        String why;
        // Under 73(10) only the fundamental-rights part is reported, so death and infrastructure do not count there.
        if (widespread || (!device && infrastructure)) {
            days = 2;
            article = "Art. 73(3)";
            why = widespread ? "widespread infringement" : "serious disruption of critical infrastructure";
        } else if (!device && facts.harm() == Harm.DEATH) {
            days = 10;
            article = "Art. 73(4)";
            why = "death";
        } else {
            days = 15;
            article = "Art. 73(2)";
            why = fundamentalRights ? "infringement of fundamental-rights obligations" : "serious harm to health";
        }
        RecipientAuthority to = fundamentalRights && !(health && !device) ? ethics : vigilance;
        if (device) {
            article = article + ", limited by Art. 73(10)";
            why = why + "; patient harm, if any, goes through " + (facts.deviceRegulation() == DeviceRegulation.MDR
                    ? "MDR" : "IVDR") + " vigilance";
        }
        if (!binding) {
            why = why + " (not yet binding: applies from " + applies + ", Art. 113)";
        }
        return Optional.of(new Obligation(Regulation.EU_AI_ACT, article, to,
                ReportingDeadline.calendarDays(facts.awareness(), to.zone(), days, Basis.STATUTORY), why));
    }

    private Optional<Obligation> fdaObligation(AlertFacts facts, RecipientAuthority fda) {
        boolean remedial = facts.has(IncidentFlag.REMEDIAL_ACTION_NEEDED);
        boolean reportable = isSerious(facts.harm())
                || facts.has(IncidentFlag.MIGHT_LEAD_TO_SERIOUS_HARM)
                || facts.has(IncidentFlag.PUBLIC_HEALTH_THREAT)
                || facts.has(IncidentFlag.UNANTICIPATED_SERIOUS_DETERIORATION)
                // An event needing remedial action against an unreasonable risk of substantial harm is, by
                // construction, one that could cause serious injury: it is reportable.
                || remedial;
        if (!reportable) {
            return Optional.empty();
        }
        String what = facts.harm() == Harm.DEATH ? "death"
                : facts.harm() == Harm.SERIOUS ? "serious injury"
                : "malfunction likely to cause or contribute to death or serious injury if it recurred";
        if (remedial) {
            return Optional.of(new Obligation(Regulation.US_FDA_MDR, "21 CFR 803.53", fda,
                    ReportingDeadline.workDays(facts.awareness(), fda.zone(), 5, policy.fdaWorkCalendar(),
                            Basis.STATUTORY),
                    "5-day report: remedial action needed to prevent an unreasonable risk of substantial harm ("
                            + what + ")"));
        }
        return Optional.of(new Obligation(Regulation.US_FDA_MDR, "21 CFR 803.50", fda,
                ReportingDeadline.calendarDays(facts.awareness(), fda.zone(), 30, Basis.STATUTORY),
                "30-day report: " + what));
    }

    private static String describe(Enum<?> kind) {
        return describe(kind.name());
    }

    private static String describe(String constant) {
        return constant.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
