package org.vigie.alert.domain.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigie.alert.domain.MutableClock;
import org.vigie.alert.domain.delivery.WebhookSignature.Verification;

/** Plain JUnit: no Quarkus, no container. */
class WebhookSignatureTest {

    static final String SECRET = "whsec_test-secret";
    static final long T = 1_700_000_000L;
    static final byte[] BODY = "{\"alertId\":\"a1\",\"severity\":\"HIGH\",\"note\":\"é\"}"
            .getBytes(StandardCharsets.UTF_8);
    /** Computed outside Java: python3 hmac.new(b'whsec_test-secret', b'1700000000.' + body, sha256).hexdigest(). */
    static final String PYTHON_HMAC = "374202b5632f1ddbb5011ceec7019ac34b265ce6f0f880c1ae879cfd648a1ddf";

    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(T));
    private final WebhookSignature signature = new WebhookSignature(clock);

    @Test
    void signsTimestampDotBodyWithHmacSha256() throws Exception {
        // The receiver's side, written directly against javax.crypto as a receiver would.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((T + ".").getBytes(StandardCharsets.UTF_8));
        String independent = HexFormat.of().formatHex(mac.doFinal(BODY));

        assertThat(independent).isEqualTo(PYTHON_HMAC);
        assertThat(signature.sign(SECRET, BODY)).isEqualTo("t=1700000000,v1=" + PYTHON_HMAC);
        assertThat(WebhookSignature.header(SECRET, T, BODY)).isEqualTo("t=1700000000,v1=" + PYTHON_HMAC);
    }

    @Test
    void verifiesWhatItSigns() {
        assertThat(signature.verify(SECRET, signature.sign(SECRET, BODY), BODY)).isEqualTo(Verification.VALID);
        assertThat(signature.verify(SECRET, " t=1700000000 , v1=" + PYTHON_HMAC.toUpperCase() + " ", BODY))
                .isEqualTo(Verification.VALID);
    }

    @Test
    void rejectsATamperedBodyOrAnotherSecret() {
        String header = signature.sign(SECRET, BODY);
        byte[] tampered = "{\"alertId\":\"a1\",\"severity\":\"LOW\",\"note\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(signature.verify(SECRET, header, tampered)).isEqualTo(Verification.SIGNATURE_MISMATCH);
        assertThat(signature.verify("whsec_other", header, BODY)).isEqualTo(Verification.SIGNATURE_MISMATCH);
        // Replaying the MAC with a fresh timestamp does not work: t is inside the MAC.
        assertThat(signature.verify(SECRET, "t=1700000001,v1=" + PYTHON_HMAC, BODY))
                .isEqualTo(Verification.SIGNATURE_MISMATCH);
    }

    @ParameterizedTest(name = "signed {0} s from now -> {1}")
    @CsvSource({
            "0, VALID",
            "-300, VALID",
            "300, VALID",
            "-301, TIMESTAMP_OUTSIDE_TOLERANCE",
            "301, TIMESTAMP_OUTSIDE_TOLERANCE",
            "-86400, TIMESTAMP_OUTSIDE_TOLERANCE",
    })
    void timestampToleranceBothWays(long offsetSeconds, Verification expected) {
        String header = WebhookSignature.header(SECRET, T + offsetSeconds, BODY);
        assertThat(signature.verify(SECRET, header, BODY)).isEqualTo(expected);
    }

    @Test
    void toleranceIsConfigurable() {
        var strict = new WebhookSignature(clock, Duration.ofSeconds(10));
        assertThat(strict.verify(SECRET, WebhookSignature.header(SECRET, T - 11, BODY), BODY))
                .isEqualTo(Verification.TIMESTAMP_OUTSIDE_TOLERANCE);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"garbage", "t=abc,v1=00", "v1=" + PYTHON_HMAC, "t=1700000000", "t=1700000000,v1=zz",
            "t=1700000000,v2=abcd", "t=1,t=1700000000,v1=" + PYTHON_HMAC, "=x,t=1700000000"})
    void malformedHeaders(String header) {
        assertThat(signature.verify(SECRET, header, BODY)).isEqualTo(Verification.MALFORMED_HEADER);
    }

    @Test
    void anyOfSeveralV1SignaturesMayMatchDuringSecretRotation() {
        String oldHeader = WebhookSignature.header("whsec_old", T, BODY);
        String both = oldHeader + ",v1=" + PYTHON_HMAC;
        assertThat(signature.verify(SECRET, both, BODY)).isEqualTo(Verification.VALID);
        assertThat(signature.verify("whsec_old", both, BODY)).isEqualTo(Verification.VALID);
        // an unknown scheme next to v1 is ignored
        assertThat(signature.verify(SECRET, "t=1700000000,v0=dead,v1=" + PYTHON_HMAC, BODY))
                .isEqualTo(Verification.VALID);
    }

    @Test
    void secretsAreRandomAndRecognisable() {
        var random = new SecureRandom();
        String a = WebhookSignature.newSecret(random);
        String b = WebhookSignature.newSecret(random);
        assertThat(a).matches("whsec_[A-Za-z0-9_-]{43}").isNotEqualTo(b);
        assertThatThrownBy(() -> WebhookSignature.header("", T, BODY)).isInstanceOf(IllegalArgumentException.class);
    }
}
