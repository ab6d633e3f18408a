package org.vigie.alert.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.events.FeedbackCategory;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.Harm;
import org.vigie.contracts.events.Severity;

/**
 * Turns a drift signal or a field report into a {@link Finding}: which open condition it is, how severe, and since
 * when. The magnitude the {@link SeverityRule} judges is the part of the effect the evidence is sure of: for a
 * claim, the shortfall from the confidence bound nearest the claim; otherwise the statistic's absolute value.
 */
public final class SignalTriage {

    /**
     * What an incoming message says about an alert. {@code seenAt} is kept to the microsecond, as PostgreSQL stores
     * it: the alert's dates derived from it (awareness, first and last seen) are then the same in the revision that
     * set them and in every later one, read back from the database.
     */
    public record Finding(AlertFingerprint fingerprint, AlertKind kind, Severity severity, Harm harm,
                          FeedbackCategory category, String title, Instant seenAt) {
        public Finding {
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(severity, "severity");
            seenAt = Objects.requireNonNull(seenAt, "seenAt").truncatedTo(ChronoUnit.MICROS);
        }
    }

    private final SeverityRule rule;

    public SignalTriage(SeverityRule rule) {
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    public Finding of(DriftSignal signal) {
        AlertKind kind = AlertKind.of(signal.kind());
        String scope = signal.subgroup() != null ? signal.subgroup() : signal.feature();
        AlertFingerprint fingerprint = AlertFingerprint.ofSignal(signal.deviceId(), signal.modelVersion(), kind,
                signal.metric(), scope);
        Severity severity = rule.assess(SeverityEvidence.signal(kind, magnitude(signal)));
        String title = describe(kind) + (signal.metric() != null ? " on " + signal.metric() : "")
                + (scope != null ? " (" + scope + ")" : "") + " for " + signal.deviceId() + " "
                + signal.modelVersion();
        Instant seenAt = signal.detectedAt() != null ? signal.detectedAt() : Instant.EPOCH;
        return new Finding(fingerprint, kind, severity, Harm.NONE, null, title, seenAt);
    }

    public Finding of(FeedbackEvent report) {
        Harm harm = report.harm() == null ? Harm.NONE : report.harm();
        FeedbackCategory category = report.category() == null ? FeedbackCategory.OTHER : report.category();
        AlertFingerprint fingerprint = AlertFingerprint.ofFieldReport(report.deviceId(), report.modelVersion(),
                report.eventId().toString());
        Severity severity = rule.assess(SeverityEvidence.fieldReport(harm, category));
        String title = "Field report: " + describe(category) + ", harm " + describe(harm) + " for "
                + report.deviceId() + " " + report.modelVersion();
        return new Finding(fingerprint, AlertKind.FIELD_REPORT, severity, harm, category, title,
                report.reportedAt() != null ? report.reportedAt() : Instant.EPOCH);
    }

    /** The size the severity rule judges, see the class comment. */
    static double magnitude(DriftSignal signal) {
        AlertKind kind = AlertKind.of(signal.kind());
        boolean claimKind = kind == AlertKind.PERFORMANCE_BELOW_CLAIM || kind == AlertKind.VERSION_REGRESSION
                || kind == AlertKind.ESTIMATED_PERFORMANCE_DROP;
        if (claimKind && signal.claim() != null) {
            DriftSignal.Interval interval = signal.interval();
            boolean lowerIsBetter = signal.metric() != null
                    && switch (signal.metric().toLowerCase(Locale.ROOT)) {
                        case "ece", "brier" -> true;
                        default -> false;
                    };
            if (interval != null && interval.lower() != null && interval.upper() != null) {
                return SeverityEvidence.claimShortfall(signal.claim(), interval.lower(), interval.upper(),
                        lowerIsBetter);
            }
            return Math.max(0, lowerIsBetter ? signal.value() - signal.claim() : signal.claim() - signal.value());
        }
        return Math.abs(signal.value());
    }

    private static String describe(Enum<?> value) {
        String words = value.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
