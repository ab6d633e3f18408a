package org.vigie.alert.domain;

/**
 * Qualifications of an alert that change which reports are due and how fast. Most are judgements (by the
 * manufacturer's vigilance team, an authority, or a reporter) rather than statistics, so they arrive as
 * explicit facts instead of being guessed from a p-value.
 */
public enum IncidentFlag {
    /** MDR Art. 2(66) / Art. 87(4): serious public health threat, 2-day report. */
    PUBLIC_HEALTH_THREAT,
    /** MDR Art. 87(5): unanticipated serious deterioration in a person's state of health, 10-day report. */
    UNANTICIPATED_SERIOUS_DETERIORATION,
    /**
     * MDR Art. 2(65) "might have led or might lead to" death or serious deterioration; for the FDA, a malfunction
     * that would be likely to cause or contribute to death or serious injury if it recurred (21 CFR 803.50(a)(2)).
     * Typical for a screening device found below its sensitivity claim: missed cases may lead to serious harm.
     */
    MIGHT_LEAD_TO_SERIOUS_HARM,
    /** AI Act Art. 3(49)(c): an infringement of Union law protecting fundamental rights, confirmed on triage. */
    FUNDAMENTAL_RIGHTS_INFRINGEMENT,
    /** AI Act Art. 3(61) / Art. 73(3): widespread infringement, 2-day report. */
    WIDESPREAD_INFRINGEMENT,
    /** AI Act Art. 3(49)(b) / Art. 73(3): serious and irreversible disruption of critical infrastructure, 2 days. */
    CRITICAL_INFRASTRUCTURE_DISRUPTION,
    /** 21 CFR 803.53(a): remedial action needed to prevent an unreasonable risk of substantial harm, 5 work days. */
    REMEDIAL_ACTION_NEEDED
}
