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
        for (int round = 0; round < 3; round++) {
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
