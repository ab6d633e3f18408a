package org.vigie.drift.domain;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.vigie.contracts.events.SignalKind;

/**
 * Names of conditions and signals. A condition key is
 * {@code device|version|kind|metric|feature|subgroup} (plus {@code |site} for a per-site series); the
 * signal id is the name-based UUID (v3) of the key and the condition's firing ordinal, so replaying the
 * same input after a crash reproduces the same id instead of a second signal.
 */
public final class SignalIdentity {

    private SignalIdentity() {
    }

    public static String conditionKey(String deviceId, String version, SignalKind kind, String metric,
                                      String feature, String subgroup, String site) {
        String key = deviceId + "|" + version + "|" + kind.name().toLowerCase(Locale.ROOT) + "|" + metric + "|"
                + (feature == null ? "" : feature) + "|" + (subgroup == null ? "" : subgroup);
        return site == null ? key : key + "|" + site;
    }

    public static UUID signalId(String conditionKey, long firing) {
        return UUID.nameUUIDFromBytes((conditionKey + "#" + firing).getBytes(StandardCharsets.UTF_8));
    }
}
