package org.vigie.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A statistically supported finding about one device version, with the evidence needed to act on it and
 * defend the decision: the window, the statistic and its value, the claim or threshold it was compared with,
 * the confidence interval, the p-value, the sample sizes and the reference.
 *
 * <p>{@code conditionKey} names the open condition (device, version, kind, metric, feature or subgroup):
 * the alert service updates one alert per condition. {@code signalId} is deterministic for a condition and
 * its firing, so a replayed signal is recognised.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DriftSignal(
        int schemaVersion,
        UUID signalId,
        String conditionKey,
        String deviceId,
        String modelVersion,
        String siteId,
        SignalKind kind,
        Severity severity,
        String metric,
        String feature,
        String subgroup,
        Window window,
        String statistic,
        double value,
        Double claim,
        Interval interval,
        Double pValue,
        SampleSizes sampleSizes,
        String reference,
        boolean estimate,
        Map<String, String> evidence,
        Instant detectedAt) implements VigieEvent {

    public DriftSignal {
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Window(WindowKind kind, Instant start, Instant end, Long count) {
    }

    /** A two-sided or one-sided confidence interval; a missing bound is open. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Interval(Double lower, Double upper, double confidence, String method) {
    }

    /**
     * n is the window's sample; reference the reference sample; positives and negatives the labelled
     * cases by true class; labelledShare the label completeness of the window.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SampleSizes(long n, Long reference, Long positives, Long negatives, Double labelledShare) {
    }
}
