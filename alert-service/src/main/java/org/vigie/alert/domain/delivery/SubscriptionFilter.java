package org.vigie.alert.domain.delivery;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.events.Severity;

/**
 * Which alerts a subscription receives. The tenant bounds what it may ever see (a manufacturer its own devices, an
 * authority its jurisdictions, the platform everything); the filters narrow that down. Empty filter sets mean
 * "no restriction".
 *
 * @param tenant          who owns the subscription
 * @param manufacturerId  the owning manufacturer (MANUFACTURER tenant)
 * @param jurisdictions   the owning authority's countries (AUTHORITY tenant)
 * @param kinds           alert kinds wanted
 * @param minSeverity     the least severe alert wanted
 * @param deviceIds       devices wanted
 * @param manufacturerIds manufacturers wanted (useful to authorities)
 */
public record SubscriptionFilter(Tenant tenant, String manufacturerId, Set<String> jurisdictions,
                                 Set<AlertKind> kinds, Severity minSeverity, Set<String> deviceIds,
                                 Set<String> manufacturerIds) {

    public enum Tenant { MANUFACTURER, AUTHORITY, PLATFORM }

    public SubscriptionFilter {
        Objects.requireNonNull(tenant, "tenant");
        jurisdictions = jurisdictions == null ? Set.of() : Set.copyOf(jurisdictions);
        kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
        minSeverity = minSeverity == null ? Severity.INFO : minSeverity;
        deviceIds = deviceIds == null ? Set.of() : Set.copyOf(deviceIds);
        manufacturerIds = manufacturerIds == null ? Set.of() : Set.copyOf(manufacturerIds);
        if (tenant == Tenant.MANUFACTURER && (manufacturerId == null || manufacturerId.isBlank())) {
            throw new IllegalArgumentException("a manufacturer subscription names its manufacturer");
        }
        if (tenant == Tenant.AUTHORITY && jurisdictions.isEmpty()) {
            throw new IllegalArgumentException("an authority subscription names its jurisdictions");
        }
    }

    /** Whether an alert on this device, owned and marketed so, of this kind and severity goes to the subscription. */
    public boolean matches(String alertManufacturerId, Collection<String> alertJurisdictions, String deviceId,
                           AlertKind kind, Severity severity) {
        boolean inTenant = switch (tenant) {
            case MANUFACTURER -> manufacturerId.equals(alertManufacturerId);
            case AUTHORITY -> alertJurisdictions.stream().anyMatch(jurisdictions::contains);
            case PLATFORM -> true;
        };
        return inTenant
                && (kinds.isEmpty() || kinds.contains(kind))
                && severity.atLeast(minSeverity)
                && (deviceIds.isEmpty() || deviceIds.contains(deviceId))
                && (manufacturerIds.isEmpty() || manufacturerIds.contains(alertManufacturerId));
    }
}
