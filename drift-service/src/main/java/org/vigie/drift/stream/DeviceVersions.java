package org.vigie.drift.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * What the service knows about a device across its model versions: who owns it, where it is marketed
 * (for the query API's scoping), and its versions in registration order (for version regression).
 */
public record DeviceVersions(String deviceId, String manufacturerId, List<String> jurisdictions, List<String> versions) {

    DeviceVersions with(String manufacturer, List<String> marketedIn, String version) {
        List<String> v = new ArrayList<>(versions == null ? List.of() : versions);
        if (!v.contains(version)) {
            v.add(version);
        }
        return new DeviceVersions(deviceId, manufacturer, marketedIn, List.copyOf(v));
    }

    /** The version registered just before {@code version}, or null. */
    String previous(String version) {
        int i = versions.indexOf(version);
        return i > 0 ? versions.get(i - 1) : null;
    }
}
