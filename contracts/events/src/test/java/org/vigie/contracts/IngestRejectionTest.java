package org.vigie.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.IngestRejection;
import org.vigie.contracts.json.ContractSchemas;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.json.VigieJson;

/** Plain JUnit: a dead letter under a privacy rule can carry no copy of the item, in Java nor in JSON. */
class IngestRejectionTest {

    private static final ObjectNode ITEM = VigieJson.mapper().createObjectNode().put("type", "inference");

    @Test
    void the_record_refuses_a_privacy_rejection_with_the_item() {
        for (String rule : IngestRejection.PRIVACY_RULES) {
            assertThatThrownBy(() -> rejection(rule, ITEM)).as(rule).isInstanceOf(IllegalArgumentException.class);
            assertThat(rejection(rule, null).event()).isNull();
        }
        assertThat(rejection("contract", ITEM).event()).isEqualTo(ITEM);
    }

    @Test
    void the_schema_refuses_a_privacy_rejection_with_the_item_and_accepts_one_without() {
        for (String rule : IngestRejection.PRIVACY_RULES) {
            ObjectNode json = VigieJson.mapper().valueToTree(rejection(rule, null));
            assertThat(ContractSchemas.instance().validate(EventContract.INGEST_REJECTION, json)).as(rule).isEmpty();
            json.set("event", ITEM);
            assertThat(ContractSchemas.instance().validate(EventContract.INGEST_REJECTION, json)).as(rule)
                    .anySatisfy(v -> assertThat(v.pointer()).isEqualTo("/event"));
        }
    }

    private static IngestRejection rejection(String rule, ObjectNode event) {
        return new IngestRejection(1, UUID.randomUUID(), UUID.randomUUID(), "acme-mammo-01", "acme", "inference", 0,
                rule, "Refused", "/caseId is refused.", "/caseId", Instant.parse("2026-03-02T09:30:00Z"), event);
    }
}
