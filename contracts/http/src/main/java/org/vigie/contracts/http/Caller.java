package org.vigie.contracts.http;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.vigie.contracts.security.Roles;

/**
 * Who is calling and what data is theirs, read from the verified bearer token. The scoping rules are
 * the same in every service: a manufacturer sees its own devices, an authority those marketed in its
 * jurisdictions, an admin everything; whatever is not visible is answered as not found (404), so that
 * existence does not leak across tenants.
 */
public record Caller(String subject, Set<String> roles, String manufacturerId, String deviceId,
                     Set<String> jurisdictions) {

    public static final Caller ANONYMOUS = new Caller(null, Set.of(), null, null, Set.of());

    public static Caller of(JsonWebToken jwt) {
        if (jwt == null || jwt.getRawToken() == null) {
            return ANONYMOUS;
        }
        return new Caller(jwt.getSubject(), Set.copyOf(jwt.getGroups()),
                stringClaim(jwt, Roles.MANUFACTURER_ID_CLAIM), stringClaim(jwt, Roles.DEVICE_ID_CLAIM),
                jurisdictions(jwt.getClaim(Roles.JURISDICTION_CLAIM)));
    }

    public boolean is(String role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return is(Roles.ADMIN);
    }

    public boolean authenticated() {
        return subject != null;
    }

    /** May this caller see data about a device of this manufacturer, marketed in these countries? */
    public boolean canSee(String deviceManufacturerId, Collection<String> deviceJurisdictions) {
        if (isAdmin()) {
            return true;
        }
        if (is(Roles.MANUFACTURER) && manufacturerId != null && manufacturerId.equals(deviceManufacturerId)) {
            return true;
        }
        return is(Roles.AUTHORITY) && deviceJurisdictions != null
                && deviceJurisdictions.stream().anyMatch(jurisdictions::contains);
    }

    /** May this caller change data of this manufacturer (register, acknowledge, subscribe for its devices)? */
    public boolean actsFor(String ownerManufacturerId) {
        return isAdmin() || (is(Roles.MANUFACTURER) && manufacturerId != null
                && manufacturerId.equals(ownerManufacturerId));
    }

    /** Exact counts are for authorities and admins; everyone else reads suppressed statistics. */
    public boolean seesExactCounts() {
        return isAdmin() || is(Roles.AUTHORITY);
    }

    private static String stringClaim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        if (value == null) {
            return null;
        }
        String text = value instanceof jakarta.json.JsonString s ? s.getString() : value.toString();
        return text.isBlank() ? null : text;
    }

    static Set<String> jurisdictions(Object claim) {
        if (claim == null) {
            return Set.of();
        }
        List<String> values;
        if (claim instanceof jakarta.json.JsonArray array) {
            values = array.getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
        } else if (claim instanceof Collection<?> collection) {
            values = collection.stream().map(Object::toString).toList();
        } else {
            String text = claim instanceof jakarta.json.JsonString s ? s.getString() : claim.toString();
            values = List.of(text.split("[,\\s]+"));
        }
        return values.stream().map(v -> v.strip().replace("\"", "").toUpperCase(Locale.ROOT))
                .filter(v -> !v.isEmpty()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public Optional<String> manufacturer() {
        return Optional.ofNullable(manufacturerId);
    }
}
