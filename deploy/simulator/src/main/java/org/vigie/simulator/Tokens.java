package org.vigie.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.vigie.contracts.json.VigieJson;
import org.vigie.contracts.security.Roles;

/**
 * Where the simulator's bearer tokens come from: a manufacturer's to register its devices, a device's to send
 * its telemetry. Either given by the caller (device tokens then issued by ingest-service with the manufacturer's),
 * or minted here with the local platform's private key, as {@code deploy/local/vigie token} does.
 */
public interface Tokens {

    String manufacturer(String manufacturerId) throws IOException, InterruptedException;

    String device(String deviceId, String manufacturerId) throws IOException, InterruptedException;

    /** Tokens signed with the local platform's key ({@code .vigie/keys/private.pem}): RS256, claims as TokenCommand. */
    final class LocalKey implements Tokens {

        private static final ObjectMapper JSON = VigieJson.mapper();
        private static final Duration LIFETIME = Duration.ofHours(24);

        private final PrivateKey key;
        private final String issuer;

        public LocalKey(Path privateKeyPem, String issuer) throws IOException {
            this.key = readPrivateKey(privateKeyPem);
            this.issuer = issuer;
        }

        @Override
        public String manufacturer(String manufacturerId) {
            return sign(Roles.MANUFACTURER, "simulator-" + manufacturerId, Map.of(Roles.MANUFACTURER_ID_CLAIM, manufacturerId));
        }

        @Override
        public String device(String deviceId, String manufacturerId) {
            return sign(Roles.DEVICE, deviceId, Map.of(Roles.DEVICE_ID_CLAIM, deviceId, Roles.MANUFACTURER_ID_CLAIM, manufacturerId));
        }

        String sign(String role, String subject, Map<String, String> claims) {
            Instant now = Instant.now();
            ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
            ObjectNode body = JSON.createObjectNode()
                    .put("iss", issuer)
                    .put("sub", subject)
                    .put("iat", now.getEpochSecond())
                    .put("exp", now.plus(LIFETIME).getEpochSecond());
            body.putArray("groups").add(role);
            claims.forEach(body::put);
            try {
                String signingInput = base64(JSON.writeValueAsBytes(header)) + "." + base64(JSON.writeValueAsBytes(body));
                Signature rsa = Signature.getInstance("SHA256withRSA");
                rsa.initSign(key);
                rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
                return signingInput + "." + base64(rsa.sign());
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot sign a token", e);
            }
        }

        static PrivateKey readPrivateKey(Path file) throws IOException {
            String pem = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            try {
                return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IOException("not a PKCS#8 RSA private key: " + file, e);
            }
        }

        private static String base64(byte[] bytes) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    }

    /**
     * Tokens the caller gave: manufacturer (or admin) tokens by manufacturer, and device tokens by device; a
     * device without one gets a token issued by ingest-service with its manufacturer's token.
     */
    final class Given implements Tokens {

        private final Map<String, String> manufacturers;
        private final String admin;
        private final Map<String, String> devices;
        private final IngestClient ingest;

        public Given(Map<String, String> manufacturers, String admin, Map<String, String> devices, IngestClient ingest) {
            this.manufacturers = Map.copyOf(manufacturers);
            this.admin = admin;
            this.devices = new HashMap<>(devices);
            this.ingest = ingest;
        }

        @Override
        public String manufacturer(String manufacturerId) {
            String token = manufacturers.getOrDefault(manufacturerId, admin);
            if (token == null) {
                throw new IllegalArgumentException("no token for manufacturer " + manufacturerId
                        + ": give --manufacturer-token " + manufacturerId + "=<jwt>, --admin-token, or --keys");
            }
            return token;
        }

        @Override
        public synchronized String device(String deviceId, String manufacturerId) throws IOException, InterruptedException {
            String token = devices.get(deviceId);
            if (token == null) {
                token = ingest.issueDeviceToken(deviceId, manufacturer(manufacturerId));
                devices.put(deviceId, token);
            }
            return token;
        }
    }
}
