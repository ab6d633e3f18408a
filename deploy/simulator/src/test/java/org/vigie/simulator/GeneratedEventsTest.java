package org.vigie.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.DeviceEvent;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.UsageEvent;
import org.vigie.contracts.json.ContractSchemas;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.json.VigieJson;

/**
 * Every event the simulator makes, in every scenario, is one ingest-service accepts by contract and by time,
 * and the same seed makes the same events. Plain JUnit over a small volume (every event of the run is checked).
 */
class GeneratedEventsTest {

    private static final ObjectMapper JSON = VigieJson.mapper();
    private static final Instant END = Instant.parse("2026-03-20T12:00:00Z");
    private static final Timeline TIMELINE = Timeline.ending(END, 21);

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void every_event_and_registration_matches_its_contract_and_falls_in_the_accepted_window(Scenario scenario) throws Exception {
        Simulation simulation = new Simulation(Fleet.create(42), scenario, TIMELINE, 0.05, 1.0);
        for (DeviceRegistration r : simulation.registrations()) {
            assertThat(ContractSchemas.instance().validate(EventContract.DEVICE_REGISTRATION, JSON.valueToTree(r)))
                    .as(r.deviceId()).isEmpty();
        }
        Map<UUID, Instant> inferenceTimes = new HashMap<>();
        Set<UUID> ids = new HashSet<>();
        Map<String, Integer> types = new HashMap<>();
        Instant previous = Instant.MIN;
        Iterator<DeviceEvent> events = simulation.events();
        List<DeviceEvent> batch = new ArrayList<>();
        while (events.hasNext()) {
            DeviceEvent event = events.next();
            batch.add(event);
            types.merge(event.type(), 1, Integer::sum);
            JsonNode json = JSON.valueToTree(event);
            EventContract contract = EventContract.forDeviceEventType(event.type()).orElseThrow();
            assertThat(ContractSchemas.instance().validate(contract, json)).as(json.toString()).isEmpty();
            Instant time = TelemetrySender.timeOf(event);
            assertThat(TIMELINE.contains(time)).as(json.toString()).isTrue();
            assertThat(time).isAfterOrEqualTo(previous);
            previous = time;
            assertThat(ids.add(event.eventId())).as("unique event ids").isTrue();
            if (event instanceof InferenceEvent i) {
                inferenceTimes.put(i.eventId(), i.occurredAt());
                // Time-ordered ids, as the contract recommends: version 7 carrying the inference's millisecond.
                assertThat(i.eventId().version()).isEqualTo(7);
                assertThat(i.eventId().getMostSignificantBits() >>> 16).isEqualTo(i.occurredAt().toEpochMilli());
            } else if (event instanceof OutcomeEvent o) {
                assertThat(inferenceTimes.get(o.inferenceEventId())).as("its inference came first").isBefore(o.observedAt());
            } else if (event instanceof UsageEvent u) {
                assertThat(inferenceTimes).containsKey(u.inferenceEventId());
            }
        }
        assertThat(types.keySet()).contains(InferenceEvent.TYPE, OutcomeEvent.TYPE, UsageEvent.TYPE);
        // The batch body ingest reads: a JSON array whose items carry their own type.
        JsonNode body = JSON.readTree(JSON.writeValueAsBytes(batch.subList(0, Math.min(batch.size(), 500))));
        assertThat(body.isArray()).isTrue();
        assertThat(body.get(0).path("type").asText()).isEqualTo(batch.get(0).type());
    }

    @Test
    void the_same_seed_and_end_make_the_same_events_byte_for_byte_and_another_seed_others() throws Exception {
        String first = serialise(new Simulation(Fleet.create(42), Scenario.PERFORMANCE_DECAY, TIMELINE, 0.05, 1.0));
        String again = serialise(new Simulation(Fleet.create(42), Scenario.PERFORMANCE_DECAY, TIMELINE, 0.05, 1.0));
        String other = serialise(new Simulation(Fleet.create(43), Scenario.PERFORMANCE_DECAY, TIMELINE, 0.05, 1.0));
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(first.length()).isGreaterThan(100_000);
    }

    private static String serialise(Simulation simulation) throws Exception {
        StringBuilder out = new StringBuilder();
        Iterator<DeviceEvent> events = simulation.events();
        while (events.hasNext()) {
            out.append(JSON.writeValueAsString(events.next())).append('\n');
        }
        return out.toString();
    }
}
