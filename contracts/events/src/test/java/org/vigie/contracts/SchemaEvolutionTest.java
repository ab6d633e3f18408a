package org.vigie.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.DeviceRegulation;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.RiskClass;
import org.vigie.contracts.events.VigieEvent;
import org.vigie.contracts.json.ContractExamples;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.json.VigieJson;

/**
 * Evolution is additive: a document written before a field existed still reads (defaults apply), and a
 * reader ignores a field added by a newer producer.
 */
class SchemaEvolutionTest {

    @Test
    void a_minimal_first_version_registration_reads_with_defaults() throws Exception {
        String minimal = ContractExamples.valid(EventContract.DEVICE_REGISTRATION).stream()
                .filter(e -> e.file().contains("minimal")).findFirst().orElseThrow().json();
        DeviceRegistration registration = VigieJson.mapper().readValue(minimal, DeviceRegistration.class);
        assertThat(registration.schemaVersion()).isEqualTo(VigieEvent.CURRENT_SCHEMA_VERSION);
        assertThat(registration.regulation()).isEqualTo(DeviceRegulation.MDR);
        assertThat(registration.energyProfile()).isNull();
        assertThat(registration.basicUdiDi()).isNull();
    }

    @Test
    void a_reader_ignores_a_field_added_by_a_newer_producer() throws Exception {
        ObjectNode newer = (ObjectNode) VigieJson.mapper().readTree(ContractExamples.first(EventContract.INFERENCE));
        newer.put("fieldFromTheFuture", "ignored");
        InferenceEvent event = VigieJson.mapper().treeToValue(newer, InferenceEvent.class);
        assertThat(event.deviceId()).isEqualTo("acme-mammo-01");
    }

    @Test
    void enums_are_written_in_their_contract_form() throws Exception {
        assertThat(VigieJson.mapper().writeValueAsString(RiskClass.IIB)).isEqualTo("\"IIb\"");
        assertThat(VigieJson.mapper().readValue("\"IIa\"", RiskClass.class)).isEqualTo(RiskClass.IIA);
        assertThat(VigieJson.mapper().writeValueAsString(org.vigie.contracts.events.UseCase.DIAGNOSTIC_ECG))
                .isEqualTo("\"diagnostic_ecg\"");
    }

    @Test
    void a_device_event_reads_polymorphically_by_its_type() throws Exception {
        var event = VigieJson.mapper().readValue(ContractExamples.first(EventContract.OUTCOME),
                org.vigie.contracts.events.DeviceEvent.class);
        assertThat(event).isInstanceOf(org.vigie.contracts.events.OutcomeEvent.class);
        assertThat(event.type()).isEqualTo("outcome");
    }
}
