package org.vigie.alert.domain.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Vigie-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}.
 *
 * <p>The timestamp is inside the MAC so that a captured delivery cannot be replayed later with a fresh {@code t};
 * the receiver rejects a {@code t} outside its tolerance (default 5 minutes, both ways, for clock skew). The MAC is
 * over the raw body bytes exactly as sent: a receiver must verify before parsing, since re-serialised JSON
 * would not match. Several {@code v1} entries are accepted so a subscription's secret can be rotated with both
 * secrets signing for a while. The HMAC key is the secret's UTF-8 bytes.
 */
public final class WebhookSignature {

    public static final String HEADER = "Vigie-Signature";
    public static final String DELIVERY_ID_HEADER = "Vigie-Delivery-Id";
    public static final String SCHEME = "v1";
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    /** Why a signature was accepted or not; only VALID lets a receiver process the body. */
    public enum Verification { VALID, MALFORMED_HEADER, TIMESTAMP_OUTSIDE_TOLERANCE, SIGNATURE_MISMATCH }

    private final Clock clock;
    private final Duration tolerance;

    public WebhookSignature(Clock clock, Duration tolerance) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tolerance = Objects.requireNonNull(tolerance, "tolerance");
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must not be negative");
        }
    }

    public WebhookSignature(Clock clock) {
        this(clock, DEFAULT_TOLERANCE);
    }

    /** A new signing secret: 32 random bytes, URL-safe base64, prefixed so it is recognisable in a leak scan. */
    public static String newSecret(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The header value for {@code body} signed now. */
    public String sign(String secret, byte[] body) {
        return header(secret, clock.instant().getEpochSecond(), body);
    }

    /** The header value for {@code body} signed at {@code unixSeconds}. */
    public static String header(String secret, long unixSeconds, byte[] body) {
        return "t=" + unixSeconds + "," + SCHEME + "=" + HexFormat.of().formatHex(mac(secret, unixSeconds, body));
    }

    public Verification verify(String secret, String header, byte[] body) {
        if (header == null) {
            return Verification.MALFORMED_HEADER;
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return Verification.MALFORMED_HEADER;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            try {
                if ("t".equals(key)) {
                    if (timestamp != null) {
                        return Verification.MALFORMED_HEADER;
                    }
                    timestamp = Long.parseLong(value);
                } else if (SCHEME.equals(key)) {
                    signatures.add(HexFormat.of().parseHex(value));
                }
                // Unknown schemes are skipped so a future v2 can be added alongside v1.
            } catch (IllegalArgumentException e) {
                return Verification.MALFORMED_HEADER;
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return Verification.MALFORMED_HEADER;
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - timestamp);
        if (skew > tolerance.toSeconds()) {
            return Verification.TIMESTAMP_OUTSIDE_TOLERANCE;
        }
        byte[] expected = mac(secret, timestamp, body);
        boolean match = false;
        for (byte[] candidate : signatures) {
            // MessageDigest.isEqual is constant-time in the length of the inputs: no timing oracle on the MAC.
            match |= MessageDigest.isEqual(expected, candidate);
        }
        return match ? Verification.VALID : Verification.SIGNATURE_MISMATCH;
    }

    private static byte[] mac(String secret, long unixSeconds, byte[] body) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a signing secret is required");
        }
        Objects.requireNonNull(body, "body");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required on every Java platform", e);
        }
    }
}
