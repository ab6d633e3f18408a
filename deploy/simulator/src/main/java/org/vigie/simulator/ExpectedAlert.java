package org.vigie.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.vigie.contracts.events.AlertKind;

/**
 * An alert a scenario must (required) or may (allowed: a consequence of the same cause that depends on the
 * detector's power or timing) produce. Any alert not matched by an expectation of its scenario is a false
 * alarm; {@code baseline} expects none.
 *
 * @param kind         the alert's kind
 * @param deviceId     the device
 * @param modelVersion the model version, or null for any
 * @param metric       the metric concerned (sensitivity, ...), or null
 * @param feature      the input feature, for data drift
 * @param subgroup     the subgroup ({@code attribute=value}), for subgroup gaps
 * @param required     whether the platform must raise it
 * @param why          the ground truth behind it, in words
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExpectedAlert(AlertKind kind, String deviceId, String modelVersion, String metric, String feature,
                            String subgroup, boolean required, String why) {

    static ExpectedAlert required(AlertKind kind, String deviceId, String modelVersion, String why) {
        return new ExpectedAlert(kind, deviceId, modelVersion, null, null, null, true, why);
    }

    static ExpectedAlert allowed(AlertKind kind, String deviceId, String modelVersion, String why) {
        return new ExpectedAlert(kind, deviceId, modelVersion, null, null, null, false, why);
    }

    ExpectedAlert metric(String value) {
        return new ExpectedAlert(kind, deviceId, modelVersion, value, feature, subgroup, required, why);
    }

    ExpectedAlert feature(String value) {
        return new ExpectedAlert(kind, deviceId, modelVersion, metric, value, subgroup, required, why);
    }

    ExpectedAlert subgroup(String value) {
        return new ExpectedAlert(kind, deviceId, modelVersion, metric, feature, value, required, why);
    }

    /** Whether an alert of this kind, device, version and scope (feature or subgroup, may be null) is this one. */
    public boolean matches(AlertKind alertKind, String alertDeviceId, String alertModelVersion, String scope) {
        if (alertKind != kind || !deviceId.equals(alertDeviceId)) {
            return false;
        }
        if (modelVersion != null && !modelVersion.equals(alertModelVersion)) {
            return false;
        }
        String expectedScope = feature != null ? feature : subgroup;
        return expectedScope == null || expectedScope.equals(scope);
    }
}
