package org.vigie.contracts.security;

/**
 * The roles of a Vigie bearer token (the {@code groups} claim) and the claims that scope a caller's data.
 * Every service uses these names; an OIDC provider maps its own groups onto them.
 */
public final class Roles {
    /** A device or its gateway: may send telemetry for its own {@link #DEVICE_ID_CLAIM} only. */
    public static final String DEVICE = "device";
    /** A manufacturer: its own devices ({@link #MANUFACTURER_ID_CLAIM}). */
    public static final String MANUFACTURER = "manufacturer";
    /** A competent authority: devices marketed in its {@link #JURISDICTION_CLAIM} (ISO country codes). */
    public static final String AUTHORITY = "authority";
    /** An observatory analyst: aggregated, suppressed statistics only. */
    public static final String ANALYST = "analyst";
    public static final String ADMIN = "admin";

    public static final String DEVICE_ID_CLAIM = "device_id";
    public static final String MANUFACTURER_ID_CLAIM = "manufacturer_id";
    /** One or more ISO 3166-1 alpha-2 codes, as a string or an array. */
    public static final String JURISDICTION_CLAIM = "jurisdiction";
    /** The issuer every Vigie token carries unless configured otherwise. */
    public static final String DEFAULT_ISSUER = "https://vigie.local/issuer";

    private Roles() {
    }
}
