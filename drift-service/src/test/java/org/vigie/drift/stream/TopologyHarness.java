package org.vigie.drift.stream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.OutcomeEvent;
import org.vigie.contracts.events.SignalKind;
import org.vigie.contracts.events.UsageEvent;
import org.vigie.contracts.topics.Topic;
import org.vigie.contracts.topics.Topics;
import org.vigie.drift.domain.DriftSettings;

/** The drift topology in a TopologyTestDriver, with typed topics and store access. Plain JUnit, no broker. */
final class TopologyHarness implements AutoCloseable {

    final TopologyTestDriver driver;
    final TestInputTopic<String, DeviceRegistration> registrations;
    final TestInputTopic<String, InferenceEvent> inferences;
    final TestInputTopic<String, OutcomeEvent> outcomes;
    final TestInputTopic<String, UsageEvent> usages;
    final TestOutputTopic<String, DriftSignal> signals;
    private final Path stateDir;

    TopologyHarness(DriftSettings settings) {
        this(settings, DriftTelemetry.NONE);
    }

    TopologyHarness(DriftSettings settings, DriftTelemetry telemetry) {
        StreamsBuilder builder = new StreamsBuilder();
        DriftTopology.build(builder, settings, telemetry, false);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "drift-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // At-least-once here: the driver commits after every record either way, and exactly-once is proven on a
        // real broker (DriftStreamsRestartTest); enforcing EOS checkpoints per record only slows the driver.
        try {
            stateDir = Files.createTempDirectory("drift-ttd");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(builder.build(), props);
        registrations = input(Topics.DEVICE_REGISTRATIONS);
        inferences = input(Topics.INFERENCES);
        outcomes = input(Topics.OUTCOMES);
        usages = input(Topics.USAGES);
        signals = driver.createOutputTopic(Topics.DRIFT_SIGNALS.name(), Topics.DRIFT_SIGNALS.keySerde().deserializer(),
                Topics.DRIFT_SIGNALS.valueSerde());
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde());
    }

    void register(DeviceRegistration r) {
        registrations.pipeInput(r.deviceId(), r);
    }

    void infer(InferenceEvent e) {
        inferences.pipeInput(e.deviceId(), e, e.occurredAt());
    }

    void label(OutcomeEvent o) {
        outcomes.pipeInput(o.deviceId(), o, o.observedAt());
    }

    void use(UsageEvent u) {
        usages.pipeInput(u.deviceId(), u, u.occurredAt());
    }

    List<DriftSignal> signals() {
        return signals.readValuesToList();
    }

    static List<DriftSignal> ofKind(List<DriftSignal> signals, SignalKind kind) {
        return signals.stream().filter(s -> s.kind() == kind).toList();
    }

    <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary folder; nothing to do
        }
    }
}
