package org.vigie.alert.domain;

import java.util.Objects;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.events.Severity;

/**
 * Scores an alert. The rule, in order:
 * <ol>
 *   <li><b>Size of the signal</b>, by band of its magnitude (see {@link SeverityEvidence#magnitude()}):
 *       <ul>
 *         <li>drift and error-rate change, standardised effect size: ≥ 0.2 LOW, ≥ 0.5 MEDIUM, ≥ 0.8 HIGH
 *             (Cohen's small / medium / large);</li>
 *         <li>performance below claim, version regression, estimated drop, subgroup gap, in metric points:
 *             ≥ 0.05 MEDIUM, ≥ 0.10 HIGH — five points of sensitivity on a screening device is a clinically
 *             visible number of missed cases;</li>
 *         <li>usage shift, change in override rate: ≥ 0.05 LOW, ≥ 0.10 MEDIUM.</li>
 *       </ul></li>
 *   <li><b>Floor by kind</b>: a labelled finding (performance below claim, subgroup gap, version regression,
 *       error-rate change) is at least LOW, since its detection already means a claim is broken; an overdue
 *       obligation is HIGH.</li>
 *   <li><b>Cap for label-free signals</b>: data drift, score drift, estimated drop and usage shift are at most
 *       MEDIUM. They warn that performance may have moved; they do not show that it has, and paging a
 *       vigilance team at HIGH on a distribution shift alone teaches it to ignore HIGH.</li>
 *   <li><b>Floor by harm and flags</b>, so severity follows the legal clock: anything that starts a 2- or
 *       10-day report (death, public-health threat, unanticipated serious deterioration, widespread
 *       infringement, critical infrastructure) is CRITICAL; a 15-day / 5-work-day report (serious harm,
 *       might lead to serious harm, remedial action, fundamental-rights infringement) is at least HIGH;
 *       a non-serious harm or a bias or ethics concern is at least MEDIUM; any other field report at least LOW.</li>
 * </ol>
 * Thresholds are constructor arguments, so a deployment whose drift service reports PSI instead of an effect size
 * can set PSI bands (0.1 / 0.25) without changing the rule.
 */
public final class SeverityRule {

    /** Magnitudes at or above which a signal is LOW, MEDIUM, HIGH. */
    public record Bands(double low, double medium, double high) {
        public Bands {
            if (!(low <= medium && medium <= high)) {
                throw new IllegalArgumentException("bands must be ordered low <= medium <= high");
            }
        }

        Severity classify(double magnitude) {
            if (magnitude >= high) {
                return Severity.HIGH;
            }
            if (magnitude >= medium) {
                return Severity.MEDIUM;
            }
            return magnitude >= low ? Severity.LOW : Severity.INFO;
        }
    }

    public static final Bands EFFECT_SIZE_BANDS = new Bands(0.2, 0.5, 0.8);
    public static final Bands PERFORMANCE_POINT_BANDS = new Bands(0.01, 0.05, 0.10);
    public static final Bands USAGE_SHIFT_BANDS = new Bands(0.05, 0.10, 0.20);

    private final Bands effectSize;
    private final Bands performancePoints;
    private final Bands usageShift;

    public SeverityRule(Bands effectSize, Bands performancePoints, Bands usageShift) {
        this.effectSize = Objects.requireNonNull(effectSize);
        this.performancePoints = Objects.requireNonNull(performancePoints);
        this.usageShift = Objects.requireNonNull(usageShift);
    }

    public static SeverityRule defaults() {
        return new SeverityRule(EFFECT_SIZE_BANDS, PERFORMANCE_POINT_BANDS, USAGE_SHIFT_BANDS);
    }

    public Severity assess(SeverityEvidence evidence) {
        AlertKind kind = evidence.kind();
        Severity severity = max(sizeOf(kind, evidence.magnitude()), kindFloor(kind));
        if (isLabelFree(kind)) {
            severity = min(severity, Severity.MEDIUM);
        }
        return max(max(severity, harmFloor(evidence)), flagFloor(evidence));
    }

    /** Signals computed without ground truth: they warn, they do not prove the device performs worse. */
    public static boolean isLabelFree(AlertKind kind) {
        return switch (kind) {
            case DATA_DRIFT, SCORE_DRIFT, ESTIMATED_PERFORMANCE_DROP, USAGE_SHIFT -> true;
            default -> false;
        };
    }

    /** The more severe of the two. */
    public static Severity max(Severity a, Severity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The less severe of the two. */
    public static Severity min(Severity a, Severity b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private Severity sizeOf(AlertKind kind, double magnitude) {
        return switch (kind) {
            case DATA_DRIFT, SCORE_DRIFT, ERROR_RATE_CHANGE -> effectSize.classify(magnitude);
            case PERFORMANCE_BELOW_CLAIM, VERSION_REGRESSION, ESTIMATED_PERFORMANCE_DROP, SUBGROUP_GAP ->
                    performancePoints.classify(magnitude);
            case USAGE_SHIFT -> usageShift.classify(magnitude);
            case FIELD_REPORT, OBLIGATION_OVERDUE -> Severity.INFO;
        };
    }

    private static Severity kindFloor(AlertKind kind) {
        return switch (kind) {
            case PERFORMANCE_BELOW_CLAIM, SUBGROUP_GAP, VERSION_REGRESSION, ERROR_RATE_CHANGE, FIELD_REPORT ->
                    Severity.LOW;
            case OBLIGATION_OVERDUE -> Severity.HIGH;
            default -> Severity.INFO;
        };
    }

    private static Severity harmFloor(SeverityEvidence evidence) {
        Severity floor = switch (evidence.harm()) {
            case DEATH -> Severity.CRITICAL;
            case SERIOUS -> Severity.HIGH;
            case NON_SERIOUS -> Severity.MEDIUM;
            case NONE -> Severity.INFO;
        };
        if (evidence.category() != null && evidence.category().ethical()) {
            floor = max(floor, Severity.MEDIUM);
        }
        return floor;
    }

    private static Severity flagFloor(SeverityEvidence evidence) {
        Severity floor = Severity.INFO;
        for (IncidentFlag flag : evidence.flags()) {
            floor = max(floor, switch (flag) {
                case PUBLIC_HEALTH_THREAT, UNANTICIPATED_SERIOUS_DETERIORATION, WIDESPREAD_INFRINGEMENT,
                        CRITICAL_INFRASTRUCTURE_DISRUPTION -> Severity.CRITICAL;
                case MIGHT_LEAD_TO_SERIOUS_HARM, REMEDIAL_ACTION_NEEDED, FUNDAMENTAL_RIGHTS_INFRINGEMENT ->
                        Severity.HIGH;
            });
        }
        return floor;
    }
}
