package org.vigie.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vigie.ingest.domain.IdentifierViolation.Rule;

/** Plain JUnit: the privacy guard on hand-written events. */
class DirectIdentifierGuardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DirectIdentifierGuard guard = new DirectIdentifierGuard();

    // Valid NIRs, keys worked out by hand: key = 97 - (number mod 97).
    // 1850578006084 mod 97 = 6  -> key 91
    // Corsica 2A: 2 90 12 2A 004 012 -> 2901219004012 mod 97 = 16 -> key 81
    // Corsica 2B: 2 90 12 2B 004 012 -> 2901218004012 mod 97 = 86 -> key 11
    private static final String NIR = "185057800608491";
    private static final String NIR_SPACED = "1 85 05 78 006 084 91";
    private static final String NIR_2A = "2 90 12 2A 004 012 81";
    private static final String NIR_2B = "290122B00401211";

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ObjectNode eventWith(String field, String value) {
        ObjectNode event = (ObjectNode) json("{\"eventId\":\"3f1c2a9e-8d7b-4e5f-9a01-23456789abcd\",\"type\":\"inference\","
                + "\"deviceId\":\"dev-42\",\"score\":0.93,\"latencyMs\":184,\"occurredAt\":\"2024-11-27T10:15:30Z\"}");
        event.put(field, value);
        return event;
    }

    private List<IdentifierViolation> inspect(JsonNode event) {
        return guard.inspect(event);
    }

    @Test
    void aCleanInferenceEventPasses() {
        JsonNode event = json("""
                {"eventId":"3f1c2a9e-8d7b-4e5f-9a01-23456789abcd","type":"inference","deviceId":"dev-42",
                 "modelVersion":"2.3.1","occurredAt":"2024-11-27T10:15:30.123Z","epochMillis":1732702530123,
                 "score":0.9312345678,"latencyMs":184,"energyJoules":12.5,"serial":"SN-0012345",
                 "features":[{"feature":"age_band","value":"60-69"},{"feature":"sex","value":"F"}],
                 "site":{"finess":"350002812","region":"53"},"note":"exam of 2024-11-02, reread on 12/11/2024",
                 "bigCount":123456789012345, "ratio":-0.5, "ok":true, "missing":null}
                """);

        assertThat(inspect(event)).isEmpty();
    }

    @Test
    void aNirIsFoundWhateverItsSpacingAndCorsicanDepartment() {
        for (String nir : List.of(NIR, NIR_SPACED, NIR_2A, NIR_2B, NIR_2A.toLowerCase(), "NIR: " + NIR + ".")) {
            assertThat(inspect(eventWith("comment", nir))).as(nir)
                    .containsExactly(new IdentifierViolation(Rule.NIR, "/comment", false));
        }
    }

    @Test
    void aNirSentAsAJsonNumberIsFound() {
        ObjectNode event = eventWith("x", "y");
        event.put("ref", Long.parseLong(NIR));

        assertThat(inspect(event)).containsExactly(new IdentifierViolation(Rule.NIR, "/ref", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "185057800608492",        // key off by one
            "185057800608400",        // key zero
            "985057800608491",        // no NIR starts with 9
            "1850578006084912",       // 16 digits: a longer reference, not a NIR
            "2 90 12 2A 004 012 11",  // 2A with the 2B key
            "1234567890123",          // 13 digits, no key
            "order 185057800608 491"  // split in the wrong place
    })
    void fifteenDigitThingsThatFailTheKeyAreNotNirs(String notANir) {
        assertThat(inspect(eventWith("reference", notANir))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jean.dupont@example.fr", "Contact: a+b@chu-rennes.fr, merci", "x_y@sub.domain.org"})
    void emailAddressesAreFound(String text) {
        assertThat(inspect(eventWith("comment", text))).extracting(IdentifierViolation::rule).containsExactly(Rule.EMAIL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"06 12 34 56 78", "0612345678", "06.12.34.56.78", "01-42-34-56-78", "+33 6 12 34 56 78",
            "+33612345678", "0033 6 12 34 56 78", "+33 (0)6 12 34 56 78", "appeler le 02 99 28 43 21 svp",
            "+14155552671", "+44 20 7946 0958", "+49 30 901820"})
    void phoneNumbersAreFound(String text) {
        assertThat(inspect(eventWith("comment", text))).extracting(IdentifierViolation::rule).containsExactly(Rule.PHONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.9312345678", "10.0612345678", "2024-11-27T10:15:30+01:00", "v06.12.34", "1732702530123",
            "3f1c2a9e-8d7b-4e5f-9a01-234567890612", "score 0612", "+33", "06 12 34"})
    void numbersThatAreNotPhonesPass(String text) {
        assertThat(inspect(eventWith("comment", text))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"patiente née le 12/03/1965", "Né le 3 mars 1948 à Brest", "date de naissance : 1965-03-12",
            "DDN 12.03.65", "DOB: 03/12/1965", "born on March 12, 1965", "Date of birth 1965-03-12"})
    void datesOfBirthInFreeTextAreFound(String text) {
        assertThat(inspect(eventWith("comment", text))).extracting(IdentifierViolation::rule)
                .containsExactly(Rule.DATE_OF_BIRTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"birthDate", "dateOfBirth", "DOB", "date_de_naissance", "naissance", "patientBirthDate", "birthday"})
    void dateOfBirthFieldsAreFoundByName(String field) {
        assertThat(inspect(eventWith(field, "1965-03-12")))
                .containsExactly(new IdentifierViolation(Rule.DATE_OF_BIRTH, "/" + field, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "Name", "firstName", "first_name", "LAST-NAME", "patientName", "patient_full_name",
            "nom", "prenom", "Prénom", "address", "adresse", "nir", "SSN", "email", "e-mail", "phone", "telephone",
            "téléphone", "tel", "nomDeNaissance", "socialSecurityNumber", "ipp"})
    void forbiddenFieldNamesAreFoundWhateverTheirCase(String field) {
        assertThat(inspect(eventWith(field, "anything")))
                .containsExactly(new IdentifierViolation(Rule.FORBIDDEN_FIELD_NAME, "/" + field, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"feature", "featureName", "modelName", "deviceName", "useCase", "siteType", "specialty",
            "connaissance", "ipAddressHash", "telemetryVersion", "nominal", "patientAgeBand", "patientSex"})
    void ordinaryFieldNamesPass(String field) {
        assertThat(inspect(eventWith(field, "x"))).isEmpty();
    }

    @Test
    void violationsDeepInTheTreeCarryAnRfc6901Pointer() {
        JsonNode event = json("""
                {"payload":{"a/b":{"c~d":[1,{"patient":{"lastName":"X"}},"jean@ex.fr"]}}}
                """);

        assertThat(inspect(event)).containsExactly(
                new IdentifierViolation(Rule.FORBIDDEN_FIELD_NAME, "/payload/a~1b/c~0d/1/patient/lastName", false),
                new IdentifierViolation(Rule.EMAIL, "/payload/a~1b/c~0d/2", false));
    }

    @Test
    void aFieldNameThatIsItselfAnIdentifierIsReportedAtItsParent() {
        JsonNode event = json("{\"scores\":{\"jean.dupont@example.fr\":0.9}}");

        List<IdentifierViolation> violations = inspect(event);

        assertThat(violations).containsExactly(new IdentifierViolation(Rule.EMAIL, "/scores", true));
        assertThat(violations.get(0).message()).doesNotContain("jean").contains("a field name in /scores");
    }

    @Test
    void freeTextIsLengthCapped() {
        DirectIdentifierGuard strict = new DirectIdentifierGuard(40);

        assertThat(strict.inspect(eventWith("comment", "x".repeat(41))))
                .containsExactly(new IdentifierViolation(Rule.TEXT_TOO_LONG, "/comment", false));
        assertThat(strict.inspect(eventWith("comment", "x".repeat(40)))).isEmpty();
    }

    @Test
    void theMessageNeverContainsTheOffendingValue() {
        List<String> secrets = List.of(NIR, NIR_SPACED, NIR_2A, "jean.dupont@example.fr", "06 12 34 56 78", "+14155552671",
                "née le 12/03/1965");
        for (String secret : secrets) {
            for (IdentifierViolation v : inspect(eventWith("comment", secret))) {
                assertThat(v.message()).doesNotContain(secret).doesNotContain(secret.replace(" ", ""))
                        .contains("/comment").contains(v.rule().code());
                assertThat(v.toString()).doesNotContain(secret);
            }
        }
        for (IdentifierViolation v : inspect(eventWith("lastName", "Dupont"))) {
            assertThat(v.message()).doesNotContain("Dupont").contains("/lastName");
        }
    }

    @Test
    void redactionRemovesEveryIdentifierAndKeepsTheRest() {
        JsonNode event = json("{\"deviceId\":\"dev-42\",\"score\":0.93,\"lastName\":\"Dupont\",\"note\":\"tel 0612345678\","
                + "\"ref\":" + NIR + ",\"m\":{\"jean@ex.fr\":1,\"ok\":2}}");

        JsonNode redacted = guard.redact(event);

        assertThat(redacted.toString()).doesNotContain("Dupont", "0612345678", NIR, "jean@ex.fr");
        assertThat(redacted.get("deviceId").asText()).isEqualTo("dev-42");
        assertThat(redacted.get("score").asDouble()).isEqualTo(0.93);
        assertThat(redacted.get("lastName").asText()).isEqualTo("[removed: forbidden-field-name]");
        assertThat(redacted.get("note").asText()).isEqualTo("[removed: phone]");
        assertThat(redacted.get("m").get("ok").asInt()).isEqualTo(2);
        // Only the (now empty) forbidden key remains to say why the event was refused.
        assertThat(guard.inspect(redacted)).extracting(IdentifierViolation::rule).containsOnly(Rule.FORBIDDEN_FIELD_NAME);
    }

    @Test
    void deepNestingIsWalkedWithoutRecursion() throws Exception {
        // Deeper than Jackson's default limit of 1,000 levels, to show the guard is not the weak link.
        int depth = 5_000;
        String body = "[".repeat(depth) + "\"jean@ex.fr\"" + "]".repeat(depth);
        ObjectMapper lenient = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(10_000).build())
                .build());

        List<IdentifierViolation> violations = guard.inspect(lenient.readTree(body));

        assertThat(violations).extracting(IdentifierViolation::rule).containsExactly(Rule.EMAIL);
        assertThat(violations.get(0).pointer()).hasSize(2 * depth);
    }

    /** Field-name verdicts are remembered; the second event with the same names gets the same answers. */
    @Test
    void remembered_field_name_verdicts_are_the_verdicts() throws Exception {
        String event = "{\"patientName\":\"x\",\"jean.dupont@example.fr\":1,\"qrs_ms\":\"ok\",\"dob\":\"2000\"}";
        for (int round = 0; round < 3; round++) {
            List<IdentifierViolation> violations = guard.inspect(new com.fasterxml.jackson.databind.ObjectMapper().readTree(event));
            assertThat(violations).extracting(IdentifierViolation::rule)
                    .containsExactly(Rule.FORBIDDEN_FIELD_NAME, Rule.EMAIL, Rule.DATE_OF_BIRTH);
            assertThat(violations).extracting(IdentifierViolation::pointer).containsExactly("/patientName", "", "/dob");
            assertThat(violations).extracting(IdentifierViolation::inFieldName).containsExactly(false, true, false);
        }
        assertThat(DirectIdentifierGuard.keyVerdict("qrs_ms")).isSameAs(DirectIdentifierGuard.KeyVerdict.CLEAN);
        assertThat(DirectIdentifierGuard.keyVerdict("jean.dupont@example.fr").inFieldName()).isTrue();
    }

    /** Found by the ingest benchmark: about 1 random UUID in 1,000 holds "0512-3456"-like runs the phone rule took for a number. */
    @Test
    void random_uuids_are_never_identifiers() {
        assertThat(DirectIdentifierGuard.valueRule("a1b2c3d4-0512-3456-7890-123456789012")).isNull();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200_000; i++) {
            String uuid = new java.util.UUID(random.nextLong(), random.nextLong()).toString();
            assertThat(DirectIdentifierGuard.valueRule(uuid)).as(uuid).isNull();
        }
        // Not a UUID, so still inspected: a phone number with dashes.
        assertThat(DirectIdentifierGuard.valueRule("call 06-12-34-56-78")).isEqualTo(Rule.PHONE);
    }

    @Test
    void timestamps_skip_the_patterns_and_no_verdict_changes() {
        java.util.Random random = new java.util.Random(11);
        String[] offsets = {"Z", "z", "+01:00", "-05:30", "+14:00", "+00:00"};
        for (int i = 0; i < 100_000; i++) {
            java.time.Instant t = java.time.Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 4_000_000_000L),
                    random.nextInt(1_000_000_000));
            String text = t.toString();
            if (random.nextBoolean()) {
                text = text.substring(0, 19) + (random.nextBoolean() ? "" : "." + random.nextInt(1000))
                        + offsets[random.nextInt(offsets.length)];
            }
            if (text.length() >= 20 && text.charAt(4) == '-') {
                assertThat(DirectIdentifierGuard.isTimestamp(text)).as(text).isTrue();
            }
            assertThat(DirectIdentifierGuard.patternRule(text)).as(text).isNull();
        }
        // Not bare timestamps, so still inspected.
        assertThat(DirectIdentifierGuard.isTimestamp("né le 1985-05-12T00:00:00Z")).isFalse();
        assertThat(DirectIdentifierGuard.valueRule("DOB 1985-05-12T00:00:00Z")).isEqualTo(Rule.DATE_OF_BIRTH);
        assertThat(DirectIdentifierGuard.isTimestamp("2026-03-02T09:30:00Z 0612345678")).isFalse();
        assertThat(DirectIdentifierGuard.valueRule("2026-03-02T09:30:00Z 0612345678")).isEqualTo(Rule.PHONE);
        assertThat(DirectIdentifierGuard.valueRule("0612345678")).isEqualTo(Rule.PHONE);
        assertThat(DirectIdentifierGuard.valueRule("+33 6 12 34 56 78")).isEqualTo(Rule.PHONE);
        assertThat(DirectIdentifierGuard.valueRule("+4915112345678")).isEqualTo(Rule.PHONE);
    }
}
