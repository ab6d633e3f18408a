package org.vigie.alert.domain;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.events.FeedbackCategory;
import org.vigie.contracts.events.Harm;

/**
 * What the severity of an alert is judged on.
 *
 * @param kind      what raised the alert
 * @param magnitude the kind's own measure of size, always non-negative once normalised: for data and score drift
 *                  and error-rate change a standardised effect size (Cohen's scale); for performance below claim,
 *                  version regression and estimated performance drop the shortfall in metric points measured
 *                  from the confidence bound nearest the claim (see {@link #claimShortfall}); for a subgroup gap
 *                  the gap in metric points; for a usage shift the change in override rate in points; ignored
 *                  for field reports
 * @param harm      harm to a patient, {@link Harm#NONE} for statistical signals
 * @param category  the field report's category, or null for a statistical signal
 * @param flags     judgements that raise the stakes (public-health threat, ...)
 */
public record SeverityEvidence(AlertKind kind, double magnitude, Harm harm, FeedbackCategory category,
                               Set<IncidentFlag> flags) {

    public SeverityEvidence {
        Objects.requireNonNull(kind, "kind");
        harm = harm == null ? Harm.NONE : harm;
        flags = flags == null || flags.isEmpty() ? Set.of() : Set.copyOf(flags);
        if (Double.isNaN(magnitude) || Double.isInfinite(magnitude)) {
            throw new IllegalArgumentException("magnitude must be finite, was " + magnitude);
        }
        // Direction does not matter for size: a drift to lower values is as large as one to higher values.
        magnitude = Math.abs(magnitude);
    }

    public static SeverityEvidence signal(AlertKind kind, double magnitude) {
        return new SeverityEvidence(kind, magnitude, Harm.NONE, null, Set.of());
    }

    public static SeverityEvidence fieldReport(Harm harm, FeedbackCategory category) {
        return new SeverityEvidence(AlertKind.FIELD_REPORT, 0, harm, category, Set.of());
    }

    public SeverityEvidence withFlags(IncidentFlag first, IncidentFlag... more) {
        Set<IncidentFlag> all = flags.isEmpty() ? EnumSet.noneOf(IncidentFlag.class) : EnumSet.copyOf(flags);
        all.add(first);
        all.addAll(Set.of(more));
        return new SeverityEvidence(kind, magnitude, harm, category, all);
    }

    /**
     * How far a metric is below its claim, counted from the confidence bound nearest the claim, so that only the
     * part of the shortfall the data is sure of counts: a sensitivity of 0.80 [0.76, 0.84] against a claim of 0.90
     * falls short by 0.06, not 0.10. For error metrics (ECE, Brier) the claim is a maximum and the lower bound
     * is used. Zero when the interval still reaches the claim.
     */
    public static double claimShortfall(double claim, double intervalLower, double intervalUpper,
                                        boolean lowerIsBetter) {
        if (intervalLower > intervalUpper) {
            throw new IllegalArgumentException("interval lower " + intervalLower + " > upper " + intervalUpper);
        }
        double shortfall = lowerIsBetter ? intervalLower - claim : claim - intervalUpper;
        return Math.max(0, shortfall);
    }
}
