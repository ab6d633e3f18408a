package org.vigie.alert.service;

import io.quarkus.panache.common.Parameters;
import java.util.ArrayList;
import java.util.List;
import org.vigie.alert.store.DelimitedList;
import org.vigie.contracts.http.Caller;
import org.vigie.contracts.security.Roles;

/**
 * The alerts a caller may see, as a query condition: an admin all, a manufacturer its own devices', an authority
 * those marketed in one of its jurisdictions, anyone else none.
 */
public record AlertScope(String condition, Parameters parameters) {

    public static AlertScope of(Caller caller) {
        if (caller.isAdmin()) {
            return new AlertScope("1 = 1", new Parameters());
        }
        List<String> any = new ArrayList<>();
        Parameters p = new Parameters();
        if (caller.is(Roles.MANUFACTURER) && caller.manufacturerId() != null) {
            any.add("manufacturerId = :scopeManufacturer");
            p.and("scopeManufacturer", caller.manufacturerId());
        }
        if (caller.is(Roles.AUTHORITY)) {
            int i = 0;
            for (String country : caller.jurisdictions()) {
                any.add("jurisdictions like :scopeCountry" + i);
                p.and("scopeCountry" + i, DelimitedList.containing(country));
                i++;
            }
        }
        if (any.isEmpty()) {
            return new AlertScope("1 = 0", p);
        }
        return new AlertScope("(" + String.join(" or ", any) + ")", p);
    }
}
