package org.vigie.alert.service;

import java.util.HashSet;
import java.util.Set;
import org.vigie.alert.domain.delivery.SubscriptionFilter;
import org.vigie.alert.store.DelimitedList;
import org.vigie.alert.store.SubscriptionRecord;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.events.Severity;
import org.vigie.contracts.security.Roles;

/** Reads a stored subscription as its routing filter. */
public final class Subscriptions {

    private Subscriptions() {
    }

    public static SubscriptionFilter filter(SubscriptionRecord s) {
        SubscriptionFilter.Tenant tenant = switch (s.ownerRole) {
            case Roles.MANUFACTURER -> SubscriptionFilter.Tenant.MANUFACTURER;
            case Roles.AUTHORITY -> SubscriptionFilter.Tenant.AUTHORITY;
            default -> SubscriptionFilter.Tenant.PLATFORM;
        };
        Set<AlertKind> kinds = new HashSet<>();
        DelimitedList.read(s.kinds).forEach(k -> kinds.add(AlertKind.valueOf(k)));
        return new SubscriptionFilter(tenant, s.manufacturerId, Set.copyOf(DelimitedList.read(s.jurisdictions)),
                kinds, Severity.valueOf(s.minSeverity), Set.copyOf(DelimitedList.read(s.deviceIds)),
                Set.copyOf(DelimitedList.read(s.manufacturerIds)));
    }
}
