package org.vigie.ingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.json.ContractSchemas;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.json.VigieJson;
import org.vigie.ingest.domain.DirectIdentifierGuard;
import org.vigie.ingest.domain.EventAdmission;
import org.vigie.ingest.domain.EventTimeWindow;
import org.vigie.ingest.support.Fixtures;

@Tag("bench")
class AdmissionProfile {
    @Test
    void profile() throws Exception {
        List<JsonNode> events = new java.util.ArrayList<>();
        for (int i = 0; i < 20000; i++) events.add(Fixtures.inference("dev-1"));
        DirectIdentifierGuard guard = new DirectIdentifierGuard();
        EventAdmission admission = new EventAdmission(ContractSchemas.instance(), guard, new EventTimeWindow(Clock.systemUTC()), VigieJson.mapper());
        com.networknt.schema.JsonSchema raw = com.networknt.schema.JsonSchemaFactory.getInstance(
                com.networknt.schema.SpecVersion.VersionFlag.V202012,
                b -> b.schemaMappers(m -> m.mapPrefix("https://vigie.org/contracts/schemas/", "classpath:" + EventContract.SCHEMA_ROOT)))
                .getSchema(com.networknt.schema.SchemaLocation.of("classpath:" + EventContract.INFERENCE.schemaResource()),
                        com.networknt.schema.SchemaValidatorsConfig.builder().pathType(com.networknt.schema.PathType.JSON_POINTER)
                                .formatAssertionsEnabled(true).build());
        for (int round = 0; round < 5; round++) {
            long b0 = System.nanoTime();
            for (JsonNode e : events) raw.validate(e, com.networknt.schema.OutputFormat.BOOLEAN);
            long b1 = System.nanoTime();
            for (JsonNode e : events) VigieJson.mapper().treeToValue(e, org.vigie.contracts.events.InferenceEvent.class);
            long b2 = System.nanoTime();
            for (JsonNode e : events) VigieJson.mapper().writeValueAsBytes(e);
            long b3 = System.nanoTime();
            System.out.printf("per event: schema boolean %.1f us, treeToValue %.1f us, tree to bytes %.1f us%n",
                (b1-b0)/2e4/1e3, (b2-b1)/2e4/1e3, (b3-b2)/2e4/1e3);
            long t0 = System.nanoTime();
            for (JsonNode e : events) guard.inspect(e);
            long t1 = System.nanoTime();
            for (JsonNode e : events) ContractSchemas.instance().validate(EventContract.INFERENCE, e);
            long t2 = System.nanoTime();
            for (JsonNode e : events) admission.admit(e, "dev-1");
            long t3 = System.nanoTime();
            byte[] body = VigieJson.mapper().writeValueAsBytes(events);
            long t4 = System.nanoTime();
            VigieJson.mapper().readTree(body);
            long t5 = System.nanoTime();
            System.out.printf("per event: guard %.1f us, schema %.1f us, admit %.1f us, parse %.1f us%n",
                (t1-t0)/2e4/1e3, (t2-t1)/2e4/1e3, (t3-t2)/2e4/1e3, (t5-t4)/2e4/1e3);
        }
    }
}
