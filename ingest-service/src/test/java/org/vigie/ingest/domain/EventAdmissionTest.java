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
}
