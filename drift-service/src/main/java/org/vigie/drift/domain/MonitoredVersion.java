package org.vigie.drift.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vigie.contracts.events.ClaimMetric;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.FeatureType;

/**
 * What the drift service monitors for one registered (device, model version): its numeric and
 * categorical inputs with their declared references (null when a baseline must be learned), its claims
 * and the subgroup attributes to screen. Built from the contracts' {@link DeviceRegistration}; the
 * order of the features is the registration's, and the compact pending records rely on it.
 */
public record MonitoredVersion(String deviceId, String modelVersion, double decisionThreshold,
                               List<Feature> numeric, List<Feature> categorical,
                               List<DeviceRegistration.PerformanceClaim> claims, List<String> subgroupAttributes) {

    /** An input feature; exactly one of the references is set when one was declared. */
    public record Feature(String name, NumericReference numericReference, CategoricalReference categoricalReference) {

        public boolean hasReference() {
            return numericReference != null || categoricalReference != null;
        }
    }

    public static MonitoredVersion of(DeviceRegistration registration) {
        List<Feature> numeric = new ArrayList<>();
        List<Feature> categorical = new ArrayList<>();
        for (DeviceRegistration.InputFeature f : registration.inputFeatures()) {
            if (f.type() == FeatureType.CATEGORICAL) {
                categorical.add(new Feature(f.name(), null, categoricalReference(f.reference())));
            } else {
                numeric.add(new Feature(f.name(), numericReference(f.reference()), null));
            }
        }
        return new MonitoredVersion(registration.deviceId(), registration.modelVersion(),
                registration.decisionThreshold(), List.copyOf(numeric), List.copyOf(categorical),
                registration.performanceClaims(), registration.subgroupAttributes());
    }

    public boolean predictsPositive(double score, Integer predictedLabel) {
        return predictedLabel != null ? predictedLabel == 1 : score >= decisionThreshold;
    }

    /** The claims without a subgroup, for one metric. */
    public List<DeviceRegistration.PerformanceClaim> overallClaims(ClaimMetric metric) {
        return claims.stream().filter(c -> c.metric() == metric && c.subgroup() == null).toList();
    }

    /**
     * A declared quantile table as a reference: CDF linear between the knots, with the mean and standard
     * deviation of that piecewise-uniform distribution (each segment holds its probability mass uniformly).
     * A table that does not span probabilities 0 to 1 cannot be used; the feature then learns a baseline.
     */
    static NumericReference numericReference(DeviceRegistration.ReferenceDistribution r) {
        if (r == null || r.quantiles() == null || r.probabilities() == null || r.sampleSize() <= 0) {
            return null;
        }
        double[] p = r.probabilities().stream().mapToDouble(Double::doubleValue).toArray();
        double[] q = r.quantiles().stream().mapToDouble(Double::doubleValue).toArray();
        if (p.length != q.length || p.length < 2) {
            return null;
        }
        double mean = 0;
        double second = 0;
        for (int i = 1; i < p.length; i++) {
            double mass = p[i] - p[i - 1];
            double a = q[i - 1];
            double b = q[i];
            mean += mass * (a + b) / 2;
            second += mass * (a * a + a * b + b * b) / 3;
        }
        double sd = Math.sqrt(Math.max(0.0, second - mean * mean));
        try {
            return NumericReference.fromQuantiles(p, q, r.sampleSize(), mean, sd);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static CategoricalReference categoricalReference(DeviceRegistration.ReferenceDistribution r) {
        if (r == null || r.frequencies() == null || r.frequencies().isEmpty()) {
            return null;
        }
        Map<String, Double> frequencies = r.frequencies();
        try {
            return CategoricalReference.fromProportions(frequencies, r.sampleSize());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
