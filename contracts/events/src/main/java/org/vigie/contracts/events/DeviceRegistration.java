package org.vigie.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A device and one model version as registered by its manufacturer: identity (UDI-DI, Basic UDI-DI), what it
 * is for, where it is marketed, and what it promises (performance claims, reference distributions of its
 * inputs). Published on a compacted topic keyed by deviceId/modelVersion ({@code Topics.registrationKey}); a new
 * model version is a new registration, and compaction keeps every version's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeviceRegistration(
        int schemaVersion,
        String deviceId,
        String udiDi,
        String basicUdiDi,
        String manufacturerId,
        String deviceName,
        String modelName,
        String modelVersion,
        UseCase useCase,
        RiskClass riskClass,
        DeviceRegulation regulation,
        String intendedPurpose,
        List<String> jurisdictions,
        double decisionThreshold,
        List<PerformanceClaim> performanceClaims,
        List<InputFeature> inputFeatures,
        List<String> subgroupAttributes,
        EnergyProfile energyProfile,
        Instant registeredAt) implements VigieEvent {

    public DeviceRegistration {
        regulation = regulation == null ? DeviceRegulation.MDR : regulation;
        jurisdictions = jurisdictions == null ? List.of() : List.copyOf(jurisdictions);
        performanceClaims = performanceClaims == null ? List.of() : List.copyOf(performanceClaims);
        inputFeatures = inputFeatures == null ? List.of() : List.copyOf(inputFeatures);
        subgroupAttributes = subgroupAttributes == null ? List.of() : List.copyOf(subgroupAttributes);
    }

    /**
     * A claim the manufacturer makes, e.g. sensitivity at least 0.90, optionally for one subgroup
     * ({@code "sex=F"}); for ECE and Brier the threshold is a maximum.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PerformanceClaim(ClaimMetric metric, double threshold, String subgroup) {
    }

    /** An input the model reads; drift is measured on it against its reference distribution. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InputFeature(String name, FeatureType type, ReferenceDistribution reference) {
    }

    /**
     * The distribution the model was validated on: quantiles at the given probabilities (numeric) or category
     * frequencies (categorical), with the size of the sample they were measured on, which the tests need.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReferenceDistribution(
            List<Double> probabilities,
            List<Double> quantiles,
            java.util.Map<String, Double> frequencies,
            long sampleSize) {
    }

    /**
     * How much power the device draws to infer, for the Green Algorithms estimate when the device does not
     * send measured joules: either an overall draw in watts, or cores × W per core × usage plus memory.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EnergyProfile(
            Double watts,
            Integer cores,
            Double wattsPerCore,
            Double coreUsage,
            Double memoryGb,
            Double pue,
            String country) {
    }
}
