package org.vigie.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.json.ContractExamples;
import org.vigie.contracts.json.ContractSchemas;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.json.VigieJson;

/** Plain JUnit: the verdict on one batch item, on the contracts' own examples. */
class EventAdmissionTest {

    static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    final EventAdmission admission = new EventAdmission(ContractSchemas.instance(), new DirectIdentifierGuard(),
            new EventTimeWindow(Clock.fixed(NOW, ZoneOffset.UTC)), VigieJson.mapper());

    static ObjectNode example(EventContract contract) throws Exception {
        return (ObjectNode) VigieJson.mapper().readTree(ContractExamples.first(contract));
    }

    @Test
    void every_valid_example_of_a_device_event_is_admitted_for_its_own_device() throws Exception {
        for (EventContract contract : new EventContract[] {EventContract.INFERENCE, EventContract.USAGE}) {
            for (ContractExamples.Example example : ContractExamples.valid(contract)) {
                var verdict = admission.admit(VigieJson.mapper().readTree(example.json()), "acme-mammo-01");
                assertThat(verdict).as(example.file()).isInstanceOf(EventAdmission.Admitted.class);
            }
        }
    }

    @Test
    void every_invalid_example_is_refused_at_the_pointer_the_contract_names() throws Exception {
        for (EventContract contract : new EventContract[] {EventContract.INFERENCE, EventContract.OUTCOME,
                EventContract.USAGE, EventContract.FEEDBACK}) {
            for (ContractExamples.InvalidExample example : ContractExamples.invalid(contract)) {
                var document = VigieJson.mapper().readTree(example.json());
                var verdict = admission.admit(document, "acme-mammo-01");
                // The refusal names one field; where the schema finds several (a missing "one of two" reference),
                // the contract's expected pointer is among them.
                var pointers = ContractSchemas.instance().validate(contract, document).stream()
                        .map(ContractSchemas.SchemaViolation::pointer).toList();
                assertThat(verdict).as(example.file()).isInstanceOfSatisfying(EventAdmission.Refused.class, r -> {
                    if (!r.pointer().equals(example.offendingPointer())) {
                        assertThat(pointers).as(example.file()).contains(example.offendingPointer(), r.pointer());
                    }
                });
            }
        }
    }

    @Test
    void another_devices_event_an_unknown_type_and_a_late_event_are_refused_with_their_reason() throws Exception {
        assertThat(admission.admit(example(EventContract.INFERENCE), "someone-else"))
                .isInstanceOfSatisfying(EventAdmission.Refused.class, r -> assertThat(r.rule()).isEqualTo("not-your-device"));
        assertThat(admission.admit(example(EventContract.INFERENCE).put("type", "x"), "acme-mammo-01"))
                .isInstanceOfSatisfying(EventAdmission.Refused.class, r -> {
                    assertThat(r.rule()).isEqualTo("unknown-type");
                    assertThat(r.type()).isNull();
                });
        assertThat(admission.admit(example(EventContract.INFERENCE).put("occurredAt", "2026-01-01T00:00:00Z"), "acme-mammo-01"))
                .isInstanceOfSatisfying(EventAdmission.Refused.class, r -> assertThat(r.pointer()).isEqualTo("/occurredAt"));
    }

    @Test
    void an_identifier_is_refused_by_rule_and_pointer_and_the_refusal_never_repeats_it() throws Exception {
        ObjectNode event = example(EventContract.INFERENCE).put("caseId", "marie.curie@example.org").put("eventId", "not-a-uuid@x.org");
        assertThat(admission.admit(event, "acme-mammo-01")).isInstanceOfSatisfying(EventAdmission.Refused.class, r -> {
            assertThat(r.rule()).isEqualTo("email");
            assertThat(r.eventId()).isNull();
            assertThat(r.toString()).doesNotContain("curie").doesNotContain("not-a-uuid");
        });
    }

    /**
     * Admission reads only the fields it acts on, not the whole record; what it admits must still read as the
     * contract's record, as every consumer reads it, with the same id, device and time. Checked on every valid
     * example of the four device events and on edge cases of the schema (offsets, fractions of a second,
     * lower-case separators, extreme but valid numbers, optional fields absent or at their limits).
     */
    @Test
    void every_admitted_document_reads_as_its_record_with_the_same_id_device_and_time() throws Exception {
        var mapper = VigieJson.mapper();
        int admitted = 0;
        for (EventContract contract : new EventContract[] {EventContract.INFERENCE, EventContract.OUTCOME,
                EventContract.USAGE, EventContract.FEEDBACK}) {
            String timeField = EventAdmission.eventTimeField(contract);
            for (ContractExamples.Example example : ContractExamples.valid(contract)) {
                ObjectNode base = (ObjectNode) mapper.readTree(example.json());
                base.put(timeField, "2026-03-02T09:00:00Z");
                java.util.List<ObjectNode> variants = new java.util.ArrayList<>();
                variants.add(base);
                for (String time : new String[] {"2026-03-02T11:00:00+02:00", "2026-03-02T03:30:00.123456789-05:30",
                        "2026-03-02t09:00:00z", "2026-03-02T09:00:00.5Z", "2026-02-28T23:59:59.999+00:00",
                        "2026-03-02T09:00:00-00:00", "2026-03-02 09:00:00Z"}) {
                    variants.add(base.deepCopy().put(timeField, time));
                }
                variants.add(base.deepCopy().put("eventId", base.get("eventId").asText().toUpperCase()));
                if (base.has("score")) {
                    variants.add(base.deepCopy().put("score", 0.0));
                    variants.add(base.deepCopy().put("score", 1));
                    variants.add(base.deepCopy().put("score", 4.9e-324));
                }
                if (base.has("features")) {
                    ObjectNode wide = base.deepCopy();
                    ObjectNode features = wide.putObject("features");
                    for (int f = 0; f < 200; f++) {
                        if (f % 2 == 0) {
                            features.put("f" + f, f % 4 == 0 ? 1e300 : -0.0);
                        } else {
                            features.put("f" + f, "c".repeat(64));
                        }
                    }
                    variants.add(wide);
                }
                for (String optional : new String[] {"modelVersion", "siteType", "predictedLabel", "subgroups",
                        "latencyMs", "energyJoules", "features"}) {
                    if (base.has(optional)) {
                        ObjectNode without = base.deepCopy();
                        without.remove(optional);
                        variants.add(without);
                    }
                }
                for (ObjectNode variant : variants) {
                    if (admission.admit(variant, variant.path("deviceId").asText()) instanceof EventAdmission.Admitted a) {
                        admitted++;
                        var record = (org.vigie.contracts.events.DeviceEvent) mapper.readValue(a.json(), contract.recordType());
                        assertThat(record.eventId()).as(example.file() + " " + variant).isEqualTo(a.eventId());
                        assertThat(record.deviceId()).isEqualTo(a.deviceId());
                        assertThat(mapper.readTree(a.json())).isEqualTo(variant);
                        Instant recordTime = record instanceof org.vigie.contracts.events.InferenceEvent e ? e.occurredAt()
                                : record instanceof org.vigie.contracts.events.OutcomeEvent e ? e.observedAt()
                                : record instanceof org.vigie.contracts.events.UsageEvent e ? e.occurredAt()
                                : ((org.vigie.contracts.events.FeedbackEvent) record).reportedAt();
                        assertThat(recordTime).isEqualTo(a.eventTime());
                    }
                }
            }
        }
        assertThat(admitted).as("admitted variants").isGreaterThan(40);
    }
}
