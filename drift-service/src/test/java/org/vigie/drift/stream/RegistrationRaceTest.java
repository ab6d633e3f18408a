package org.vigie.drift.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.UsageAction;
import org.vigie.contracts.topics.Topics;
import org.vigie.testkit.KafkaBroker;

/**
 * On a real broker, exactly-once: a device registered a moment before its first telemetry. Ingest accepts events only
 * for a registered version, so the registration is always in Kafka before them; but it reaches the monitor through the
 * repartition topic, which a read_committed consumer sees only after the application's next commit, while the
 * telemetry is read directly. The monitor must not drop the events that overtake their registration: it keeps them
 * until the registration arrives, then counts them as if they had come after it.
 */
class RegistrationRaceTest {

    private static final int INFERENCES = 3_000;
    private static final int USAGES = 200;

    private static final DroppedInputs DROPPED = new DroppedInputs();

    @BeforeAll
    static void quietKafka() {
        PlainJvmLogging.apply();
    }

    @Test
    void telemetry_that_overtakes_its_registration_is_kept_and_counted_once_the_registration_arrives() throws Exception {
        KafkaBroker broker = KafkaBroker.get();
        String device = "acme-race-" + UUID.randomUUID().toString().substring(0, 8);
        String appId = "drift-race-" + UUID.randomUUID();
        Path state = Files.createTempDirectory(Path.of("target"), "drift-race-state");
        List<InferenceEvent> inferences = FeatureShiftScenario.inferences(device, 7).subList(0, INFERENCES);

        // The registration first, then the telemetry at once, all before the application starts: its first poll
        // holds both, and the registration can only reach the monitor after the first commit.
        try (KafkaProducer<byte[], byte[]> producer = AppOnBroker.producer(broker.bootstrapServers());
             Admin admin = broker.admin()) {
            DeviceRegistration registration = FeatureShiftScenario.registration(device);
            // Keyed as ingest keys it (device and version): the topology re-keys it by device.
            AppOnBroker.send(producer, Topics.DEVICE_REGISTRATIONS, Topics.registrationKey(registration), registration);
            producer.flush();
            for (InferenceEvent e : inferences) {
                AppOnBroker.send(producer, Topics.INFERENCES, device, e);
            }
            for (int i = 0; i < USAGES; i++) {
                AppOnBroker.send(producer, Topics.USAGES, device, Devices.usage(device, FeatureShiftScenario.VERSION,
                        Devices.START.plusSeconds(i), UsageAction.values()[i % UsageAction.values().length]));
            }
            producer.flush();

            StreamsBuilder builder = new StreamsBuilder();
            DriftTopology.build(builder, FeatureShiftScenario.settings(), DROPPED, true);
            try (KafkaStreams streams = new KafkaStreams(builder.build(),
                    DriftStreamsMain.properties(broker.bootstrapServers(), state.toString(), appId))) {
                streams.start();
                AppOnBroker.awaitConsumed(admin, appId, Topics.INFERENCES.name()::equals, INFERENCES,
                        Duration.ofSeconds(120));
                AppOnBroker.awaitConsumed(admin, appId, Topics.USAGES.name()::equals, USAGES, Duration.ofSeconds(60));
                // Each of the device's inferences is counted in its pane and remembered for its outcome (the join
                // store holds one entry per inference until its outcome comes) once the registration is processed;
                // then none of its inputs waits any more. Polled: the committed offsets say what was read, not that
                // the registration (behind other tests' registrations in the repartition topic) was processed. (The
                // application also reads what other tests left on the shared broker: only this device counts.)
                Instant deadline = Instant.now().plusSeconds(60);
                long counted;
                while ((counted = count(streams, DriftTopology.JOIN_STORE,
                        (k, v) -> Pending.Join.fromBytes(v).seriesKey().startsWith(device + "|"))) < INFERENCES
                        && Instant.now().isBefore(deadline)) {
                    Thread.sleep(200);
                }
                assertThat(counted).as("inferences counted (inputs dropped: %s)", DROPPED).isEqualTo(INFERENCES);
                assertThat(count(streams, DriftTopology.AWAITING_REGISTRATION_STORE, (k, v) -> k.startsWith(device + "|")))
                        .isZero();
            }
        }
    }

    private static long count(KafkaStreams streams, String storeName, java.util.function.BiPredicate<String, byte[]> which)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            try {
                var store = streams.store(StoreQueryParameters.fromNameAndType(storeName,
                        QueryableStoreTypes.<String, byte[]>keyValueStore()));
                return StoreEntries.count(store, which);
            } catch (InvalidStateStoreException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(200); // rebalancing or restoring: the store is not queryable yet
            }
        }
    }
}
