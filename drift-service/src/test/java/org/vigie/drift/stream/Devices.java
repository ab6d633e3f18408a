package org.vigie.drift.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.vigie.contracts.events.ClaimMetric;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.DeviceRegulation;
import org.vigie.contracts.events.FeatureType;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.OutcomeSource;
import org.vigie.contracts.events.RiskClass;
import org.vigie.contracts.events.UsageAction;
import org.vigie.contracts.events.UsageEvent;
import org.vigie.contracts.events.UseCase;

/** Synthetic devices and events for the topology tests (and the benchmarks). */
public final class Devices {

    public static final String SITE = "750100018";
    public static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

    private Devices() {
    }

    /** 101 percentiles of N(mean, sd), the 0 and 100th set at ±4 sd, measured on 10,000 cases. */
    public static DeviceRegistration.ReferenceDistribution normalReference(double mean, double sd) {
        NormalDistribution n = NormalDistribution.of(mean, sd);
        List<Double> p = new ArrayList<>();
        List<Double> q = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            p.add(i / 100.0);
            q.add(i == 0 ? mean - 4 * sd : i == 100 ? mean + 4 * sd : n.inverseCumulativeProbability(i / 100.0));
        }
        return new DeviceRegistration.ReferenceDistribution(p, q, null, 10_000);
    }

    public static DeviceRegistration.InputFeature numeric(String name, boolean withReference) {
        return new DeviceRegistration.InputFeature(name, FeatureType.NUMERIC, withReference ? normalReference(0, 1) : null);
    }

    public static DeviceRegistration.InputFeature categorical(String name, Map<String, Double> frequencies) {
        return new DeviceRegistration.InputFeature(name, FeatureType.CATEGORICAL,
                frequencies == null ? null : new DeviceRegistration.ReferenceDistribution(null, null, frequencies, 10_000));
    }

    public static DeviceRegistration registration(String deviceId, String version, String manufacturer,
                                                  List<DeviceRegistration.InputFeature> features,
                                                  List<DeviceRegistration.PerformanceClaim> claims,
                                                  List<String> subgroupAttributes) {
        return new DeviceRegistration(1, deviceId, "03760123450016", null, manufacturer, "Test device", "model",
                version, UseCase.values()[0], RiskClass.values()[0], DeviceRegulation.MDR, "Testing drift detection.",
                List.of("FR"), 0.5, claims, features, subgroupAttributes, null, Instant.parse("2026-01-01T00:00:00Z"));
    }

    public static DeviceRegistration.PerformanceClaim claim(ClaimMetric metric, double threshold, String subgroup) {
        return new DeviceRegistration.PerformanceClaim(metric, threshold, subgroup);
    }

    public static InferenceEvent inference(String deviceId, String version, Instant at, Map<String, Object> features,
                                           double score, Map<String, String> subgroups) {
        return new InferenceEvent(InferenceEvent.TYPE, 1, UUID.randomUUID(), deviceId, version, SITE, "chu", "11", at,
                "case-" + at.toEpochMilli(), features, score, null, subgroups, null, null);
    }

    public static OutcomeEvent outcome(InferenceEvent inference, int trueLabel, Instant at) {
        return new OutcomeEvent(OutcomeEvent.TYPE, 1, UUID.randomUUID(), inference.deviceId(), inference.eventId(),
                inference.caseId(), trueLabel, OutcomeSource.values()[0], at);
    }

    public static UsageEvent usage(String deviceId, String version, Instant at, UsageAction action) {
        return new UsageEvent(UsageEvent.TYPE, 1, UUID.randomUUID(), deviceId, version, SITE, "11", at, null, action,
                "radiologist", "radiology");
    }

    public static Map<String, Object> features(Object... nameValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], nameValue[i + 1]);
        }
        return m;
    }
}
