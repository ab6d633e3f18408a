package org.vigie.ingest.service;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.vigie.contracts.http.ProblemException;
import org.vigie.contracts.security.Roles;
import org.vigie.ingest.config.IngestConfig;

/**
 * Issues device tokens: RS256 JWTs with the role {@code device}, the {@code device_id} and
 * {@code manufacturer_id} claims and a token id (jti) that revocation refers to. Signed with the configured
 * private key; the platform verifies them with its public key like any other token.
 */
@ApplicationScoped
public class DeviceCredentials {

    private final Optional<String> keyLocation;
    private final Duration lifetime;
    private final String issuer;
    private volatile PrivateKey key;

    public DeviceCredentials(IngestConfig config, @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer) {
        this.keyLocation = config.tokenSigningKey().location();
        this.lifetime = config.deviceTokenLifetime();
        this.issuer = issuer;
    }

    /** A signed token and what it says. */
    public record Issued(UUID tokenId, String token, Instant issuedAt, Instant expiresAt) {
    }

    public Issued issue(String deviceId, String manufacturerId) {
        UUID jti = UUID.randomUUID();
        Instant now = Instant.now();
        Instant expires = now.plus(lifetime);
        String token = Jwt.issuer(issuer)
                .subject("device:" + deviceId)
                .groups(Set.of(Roles.DEVICE))
                .claim(Roles.DEVICE_ID_CLAIM, deviceId)
                .claim(Roles.MANUFACTURER_ID_CLAIM, manufacturerId)
                .claim("jti", jti.toString())
                .issuedAt(now)
                .expiresAt(expires)
                .sign(signingKey());
        return new Issued(jti, token, now, expires);
    }

    private PrivateKey signingKey() {
        PrivateKey k = key;
        if (k == null) {
            String location = keyLocation.orElseThrow(() -> ProblemException.unavailable(
                    "Device tokens cannot be issued: no signing key is configured (vigie.ingest.token-signing-key.location).", 3600));
            try {
                k = KeyUtils.decodePrivateKey(read(location));
            } catch (Exception e) {
                throw ProblemException.unavailable("Device tokens cannot be issued: the signing key cannot be read.", 3600);
            }
            key = k;
        }
        return k;
    }

    private static String read(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            try (InputStream in = Thread.currentThread().getContextClassLoader()
                    .getResourceAsStream(location.substring("classpath:".length()))) {
                if (in == null) {
                    throw new IOException("no such resource");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
        return Files.readString(Path.of(path));
    }
}
