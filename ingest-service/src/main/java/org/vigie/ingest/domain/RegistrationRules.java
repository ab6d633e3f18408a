package org.vigie.ingest.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.FeatureType;

/**
 * What a registration must satisfy beyond its JSON Schema, before drift detection relies on it: a UDI-DI of a
 * real issuer's shape (with the GS1 check digit), claims that can be monitored, reference distributions that
 * are distributions, unique feature names, and claims whose subgroup is one the device reports.
 */
public final class RegistrationRules {

    /** A problem with a registration: the JSON pointer of the field, and why. */
    public record Finding(String pointer, String detail) {
    }

    private final ReferenceDistributionRules references;

    public RegistrationRules() {
        this(new ReferenceDistributionRules());
    }

    public RegistrationRules(ReferenceDistributionRules references) {
        this.references = references;
    }

    public List<Finding> check(DeviceRegistration registration) {
        List<Finding> findings = new ArrayList<>();
        try {
            UdiDi.parse(registration.udiDi());
        } catch (UdiDi.InvalidUdiDiException e) {
            findings.add(new Finding("/udiDi", e.getMessage()));
        }
        List<DeviceRegistration.PerformanceClaim> claims = registration.performanceClaims();
        for (int i = 0; i < claims.size(); i++) {
            DeviceRegistration.PerformanceClaim claim = claims.get(i);
            String base = "/performanceClaims/" + i;
            if (claim.metric() == null) {
                findings.add(new Finding(base + "/metric", "metric is required"));
            } else {
                ReferenceDistributionRules.Metric metric = ReferenceDistributionRules.Metric.parse(claim.metric().name());
                references.checkClaim(metric, claim.threshold())
                        .forEach(p -> findings.add(new Finding(base + p.pointer(), p.detail())));
            }
            if (claim.subgroup() != null) {
                String attribute = claim.subgroup().split("=", 2)[0];
                if (!registration.subgroupAttributes().contains(attribute)) {
                    findings.add(new Finding(base + "/subgroup", "the claim is for subgroup attribute '" + attribute
                            + "', which is not among subgroupAttributes, so it could never be monitored"));
                }
            }
        }
        List<DeviceRegistration.InputFeature> features = registration.inputFeatures();
        references.checkFeatureNames(features.stream().map(DeviceRegistration.InputFeature::name).toList())
                .forEach(p -> findings.add(new Finding("/inputFeatures" + p.pointer() + "/name", p.detail())));
        for (int i = 0; i < features.size(); i++) {
            checkReference(features.get(i), "/inputFeatures/" + i, findings);
        }
        return findings;
    }

    private void checkReference(DeviceRegistration.InputFeature feature, String base, List<Finding> findings) {
        DeviceRegistration.ReferenceDistribution reference = feature.reference();
        if (reference == null) {
            return;
        }
        String at = base + "/reference";
        if (feature.type() == FeatureType.NUMERIC) {
            if (reference.quantiles() == null) {
                findings.add(new Finding(at + "/quantiles", "a numeric feature's reference is a quantile sketch"));
                return;
            }
            references.checkQuantiles(new ReferenceDistributionRules.Quantiles(reference.probabilities(), reference.quantiles()))
                    .forEach(p -> findings.add(new Finding(at + rename(p.pointer()), p.detail())));
        } else {
            Map<String, Double> frequencies = reference.frequencies();
            if (frequencies == null) {
                findings.add(new Finding(at + "/frequencies", "a categorical feature's reference is category frequencies"));
                return;
            }
            List<String> categories = List.copyOf(frequencies.keySet());
            List<Double> shares = categories.stream().map(frequencies::get).toList();
            references.checkCategoryFrequencies(new ReferenceDistributionRules.CategoryFrequencies(categories, shares))
                    .forEach(p -> findings.add(new Finding(at + "/frequencies", p.detail())));
        }
    }

    /** The rules speak of {@code values}; the contract calls them {@code quantiles}. */
    private static String rename(String pointer) {
        return pointer.startsWith("/values") ? "/quantiles" + pointer.substring("/values".length()) : pointer;
    }
}
