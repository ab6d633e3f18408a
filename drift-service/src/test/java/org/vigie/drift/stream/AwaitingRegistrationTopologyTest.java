package org.vigie.drift.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.UsageAction;

/**
 * Telemetry that reaches the monitor before its version's registration (on a real broker: the registration comes
 * through the repartition topic, after a commit; see RegistrationRaceTest) waits for it instead of being dropped, and
 * is counted as if it had come after; what waits longer than {@link DeviceMonitor#REGISTRATION_WAIT} is dropped.
 */
class AwaitingRegistrationTopologyTest {

    private final DroppedInputs dropped = new DroppedInputs();

    @Test
    void inputs_before_the_registration_wait_for_it_and_are_then_counted() {
        try (TopologyHarness h = new TopologyHarness(FeatureShiftScenario.settings(), dropped)) {
            String device = "acme-early-1";
            List<InferenceEvent> inferences = FeatureShiftScenario.inferences(device, 3).subList(0, 50);
            // Sent out of order: the waiting inputs are replayed by event time.
            for (int i = inferences.size() - 1; i >= 0; i--) {
                h.infer(inferences.get(i));
            }
            h.use(Devices.usage(device, FeatureShiftScenario.VERSION, Devices.START.plusSeconds(5), UsageAction.ACCEPTED));
            KeyValueStore<String, byte[]> awaiting = h.store(DriftTopology.AWAITING_REGISTRATION_STORE);
            KeyValueStore<String, byte[]> joins = h.store(DriftTopology.JOIN_STORE);
            assertThat(StoreEntries.count(awaiting)).isEqualTo(51);
            assertThat(StoreEntries.count(joins)).isZero();

            h.register(FeatureShiftScenario.registration(device));

            assertThat(StoreEntries.count(awaiting)).isZero();
            assertThat(StoreEntries.count(joins)).isEqualTo(50);
            assertThat(dropped.none()).as("dropped %s", dropped).isTrue();
            // Later inputs go straight through.
            h.infer(FeatureShiftScenario.inferences(device, 4).get(60));
            assertThat(StoreEntries.count(joins)).isEqualTo(51);
        }
    }

    @Test
    void an_outcome_of_an_inference_awaiting_its_registration_waits_with_it() {
        try (TopologyHarness h = new TopologyHarness(FeatureShiftScenario.settings(), dropped)) {
            String device = "acme-early-2";
            List<InferenceEvent> inferences = FeatureShiftScenario.inferences(device, 9).subList(0, 10);
            inferences.forEach(h::infer);
            InferenceEvent labelled = inferences.get(0);
            h.label(Devices.outcome(labelled, 1, labelled.occurredAt().plusSeconds(30)));
            KeyValueStore<String, byte[]> awaiting = h.store(DriftTopology.AWAITING_REGISTRATION_STORE);
            assertThat(StoreEntries.count(awaiting)).isEqualTo(11);

            h.register(FeatureShiftScenario.registration(device));

            assertThat(StoreEntries.count(awaiting)).isZero();
            // The outcome found its inference (its join is consumed): nine joins wait for their outcomes.
            KeyValueStore<String, byte[]> joins = h.store(DriftTopology.JOIN_STORE);
            assertThat(joins.get(labelled.eventId().toString())).isNull();
            assertThat(StoreEntries.count(joins)).isEqualTo(9);
            assertThat(dropped.none()).as("dropped %s", dropped).isTrue();
        }
    }

    @Test
    void inputs_whose_registration_never_comes_are_dropped_after_the_wait() {
        try (TopologyHarness h = new TopologyHarness(FeatureShiftScenario.settings(), dropped)) {
            String device = "acme-never-registered";
            FeatureShiftScenario.inferences(device, 5).subList(0, 20).forEach(h::infer);
            KeyValueStore<String, byte[]> awaiting = h.store(DriftTopology.AWAITING_REGISTRATION_STORE);
            assertThat(StoreEntries.count(awaiting)).isEqualTo(20);

            h.driver.advanceWallClockTime(DeviceMonitor.REGISTRATION_WAIT.minus(Duration.ofMinutes(2)));
            assertThat(StoreEntries.count(awaiting)).isEqualTo(20);
            assertThat(dropped.none()).as("dropped %s", dropped).isTrue();

            h.driver.advanceWallClockTime(Duration.ofMinutes(3));
            assertThat(StoreEntries.count(awaiting)).isZero();
            assertThat(dropped.count("unregistered_version")).isEqualTo(20);

            // A registration after the wait finds nothing to replay.
            h.register(FeatureShiftScenario.registration(device));
            assertThat(StoreEntries.count(h.<byte[]>store(DriftTopology.JOIN_STORE))).isZero();
        }
    }

    @Test
    void an_input_without_a_model_version_cannot_wait_and_is_dropped_at_once() {
        try (TopologyHarness h = new TopologyHarness(FeatureShiftScenario.settings(), dropped)) {
            h.use(Devices.usage("acme-x", null, Devices.START, UsageAction.ACCEPTED));
            assertThat(StoreEntries.count(h.<byte[]>store(DriftTopology.AWAITING_REGISTRATION_STORE))).isZero();
            assertThat(dropped.count("unregistered_version")).isEqualTo(1);
        }
    }
}
