package org.vigie.alert.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.vigie.contracts.events.AlertKind;

/**
 * The identity of an "open condition": the same device and model version showing the same kind of problem on
 * the same metric and the same feature or subgroup. Every signal with the same fingerprint updates one alert
 * instead of opening another, which is what keeps a manufacturer from being told the same thing hourly.
 *
 * <p>The model version is part of the identity on purpose: after an update the device must be re-judged, and a
 * problem that survives the update is a new finding about the new version (FDA PCCP, AI Act Art. 43(4)).
 *
 * <p>For a field report, {@code scope} is the report's own id: each report is a distinct incident that carries its
 * own legal clock, and only a redelivery of the same report maps to the same alert.
 *
 * <p>Fields are normalised (trimmed; metric lower-cased; subgroups in canonical attribute order) before hashing,
 * so that {@code "sex=F;age_band=80+"} and {@code "age_band=80+; sex=F"} are the same subgroup.
 */
public record AlertFingerprint(String deviceId, String modelVersion, AlertKind kind, String metric, String scope) {

    /** Bumped if the normalisation or the encoding changes, so old and new keys can never collide silently. */
    static final String KEY_PREFIX = "afp1:";

    public AlertFingerprint {
        deviceId = required(deviceId, "deviceId");
        modelVersion = required(modelVersion, "modelVersion");
        Objects.requireNonNull(kind, "kind");
        metric = metric == null ? "" : metric.trim().toLowerCase(java.util.Locale.ROOT);
        scope = scope == null ? "" : canonicalScope(scope);
        if (kind == AlertKind.FIELD_REPORT && scope.isEmpty()) {
            throw new IllegalArgumentException("a field report fingerprint needs the report id as scope");
        }
    }

    public static AlertFingerprint ofSignal(String deviceId, String modelVersion, AlertKind kind, String metric,
                                            String featureOrSubgroup) {
        if (kind == AlertKind.FIELD_REPORT) {
            throw new IllegalArgumentException("use ofFieldReport for field reports");
        }
        return new AlertFingerprint(deviceId, modelVersion, kind, metric, featureOrSubgroup);
    }

    public static AlertFingerprint ofFieldReport(String deviceId, String modelVersion, String reportId) {
        return new AlertFingerprint(deviceId, modelVersion, AlertKind.FIELD_REPORT, "", required(reportId, "reportId"));
    }

    /** A subgroup given as attributes, e.g. {@code {sex=F, age_band=80+}}, in canonical form. */
    public static String subgroup(Map<String, String> attributes) {
        return new TreeMap<>(attributes).entrySet().stream()
                .map(e -> e.getKey().trim() + "=" + e.getValue().trim())
                .collect(Collectors.joining(";"));
    }

    /**
     * A stable, fixed-length key for a unique index: "afp1:" and the hex SHA-256 of the length-prefixed fields.
     * Length prefixes make the encoding unambiguous ("ab"+"c" never hashes like "a"+"bc").
     */
    public String key() {
        StringBuilder encoded = new StringBuilder();
        for (String field : new String[] {deviceId, modelVersion, kind.name(), metric, scope}) {
            encoded.append(field.length()).append(':').append(field).append('|');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(encoded.toString().getBytes(StandardCharsets.UTF_8));
            return KEY_PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required on every Java platform", e);
        }
    }

    private static String canonicalScope(String scope) {
        String trimmed = scope.trim();
        // "a=1;b=2" style subgroups: order of attributes is not part of the identity.
        if (trimmed.contains("=")) {
            Map<String, String> attributes = new TreeMap<>();
            for (String part : trimmed.split("[;,]")) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq < 0) {
                    return trimmed;
                }
                attributes.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
            return subgroup(attributes);
        }
        return trimmed;
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value.trim();
    }
}
