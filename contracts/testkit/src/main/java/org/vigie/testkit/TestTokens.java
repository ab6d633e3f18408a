package org.vigie.testkit;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.vigie.contracts.security.Roles;

/**
 * Real RS256 bearer tokens for tests, signed with a key pair made for this JVM; the services verify them
 * with the public key the test resource hands them, exactly as they verify an OIDC provider's in production.
 */
public final class TestTokens {

    /** JVM-wide, so that an application restarted with new class loaders still trusts the tests' tokens. */
    private static final String SHARED_PROPERTY = "vigie.testkit.token-keys";
    private static final KeyPair KEYS = shared();

    private TestTokens() {
    }

    public static String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
    }

    /**
     * The private key of {@link #publicKeyPem()} as PKCS#8 PEM: for a service under test that issues tokens itself
     * (ingest-service's device credentials), so that the tokens it signs verify like every other test token.
     */
    public static String privateKeyPem() {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----";
    }

    public static String device(String deviceId, String manufacturerId) {
        return builder(Roles.DEVICE).claim(Roles.DEVICE_ID_CLAIM, deviceId)
                .claim(Roles.MANUFACTURER_ID_CLAIM, manufacturerId).sign(KEYS.getPrivate());
    }

    public static String manufacturer(String manufacturerId) {
        return builder(Roles.MANUFACTURER).claim(Roles.MANUFACTURER_ID_CLAIM, manufacturerId).sign(KEYS.getPrivate());
    }

    public static String authority(String... jurisdictions) {
        return builder(Roles.AUTHORITY).claim(Roles.JURISDICTION_CLAIM, List.of(jurisdictions)).sign(KEYS.getPrivate());
    }

    public static String analyst() {
        return builder(Roles.ANALYST).sign(KEYS.getPrivate());
    }

    public static String admin() {
        return builder(Roles.ADMIN).sign(KEYS.getPrivate());
    }

    /** A token for any combination of claims, e.g. a forged or expired one in a negative test. */
    public static JwtClaimsBuilder builder(String role) {
        return Jwt.issuer(Roles.DEFAULT_ISSUER)
                .subject(role + "-" + UUID.randomUUID())
                .groups(Set.of(role))
                .expiresIn(3600);
    }

    public static String sign(JwtClaimsBuilder claims) {
        return claims.sign(KEYS.getPrivate());
    }

    /** An admin token signed with a key the services do not trust. */
    public static String forgedAdmin() {
        return builder(Roles.ADMIN).sign(generate().getPrivate());
    }

    private static synchronized KeyPair shared() {
        String shared = System.getProperty(SHARED_PROPERTY);
        try {
            if (shared != null) {
                String[] parts = shared.split(":");
                java.security.KeyFactory rsa = java.security.KeyFactory.getInstance("RSA");
                return new KeyPair(
                        rsa.generatePublic(new java.security.spec.X509EncodedKeySpec(Base64.getDecoder().decode(parts[1]))),
                        rsa.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(Base64.getDecoder().decode(parts[0]))));
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        KeyPair pair = generate();
        System.setProperty(SHARED_PROPERTY, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + ":"
                + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        return pair;
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
