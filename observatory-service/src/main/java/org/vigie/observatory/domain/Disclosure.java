package org.vigie.observatory.domain;

import java.util.Collection;
import java.util.Locale;

/**
 * How much of a count a caller may see.
 *
 * <p>Health statistics leave the platform with counts from 1 to 10 masked (ATIH / Health Data
 * Hub "effectifs inférieurs à 11"). Authorities and administrators act on individual signals
 * and are entitled to exact counts; everyone else — anonymous open-data readers and
 * {@code analyst} accounts, Grafana included — gets the suppressed table.
 */
public enum Disclosure {
    EXACT,
    SUPPRESSED;

    public static final String ROLE_AUTHORITY = "authority";
    public static final String ROLE_ADMIN = "admin";

    /**
     * Exact only when the caller holds {@code authority} or {@code admin}; any other role set,
     * including none (anonymous) and {@code analyst}, is suppressed. Unknown roles never widen
     * access: the default is the safe side.
     */
    public static Disclosure forRoles(Collection<String> roles) {
        if (roles == null) {
            return SUPPRESSED;
        }
        for (String role : roles) {
            if (role == null) {
                continue;
            }
            String r = role.trim().toLowerCase(Locale.ROOT);
            if (r.equals(ROLE_AUTHORITY) || r.equals(ROLE_ADMIN)) {
                return EXACT;
            }
        }
        return SUPPRESSED;
    }

    public static Disclosure anonymous() {
        return SUPPRESSED;
    }
}
