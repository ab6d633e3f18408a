package org.vigie.drift.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.events.InferenceEvent;
import org.vigie.contracts.events.SignalKind;
import org.vigie.contracts.topics.Topic;
import org.vigie.contracts.topics.Topics;
import org.vigie.testkit.KafkaBroker;
import org.vigie.testkit.TopicProbe;

/**
 * Acceptance on a real broker (the test kit's): a registered device, 20,000 inferences with one feature
 * shifted by 0.5 sigma after 10,000, the drift topology running as a separate JVM that is killed with
 * SIGKILL (Process.destroyForcibly: no close, no commit, no checkpoint) mid-stream and started again on
 * the same state directory → exactly one data-drift signal, for that feature, with its evidence; no
 * signal for the other features; no duplicate (read_committed, as every Vigie consumer reads).
 */
class DriftStreamsRestartTest {

    @Test
    void killed_mid_stream_and_restarted_the_topology_emits_the_one_expected_signal_exactly_once() throws Exception {
        KafkaBroker broker = KafkaBroker.get();
        String device = "acme-kill-" + UUID.randomUUID().toString().substring(0, 8);
        String appId = "drift-restart-" + UUID.randomUUID();
        Path stateDir = Files.createTempDirectory(Path.of("target"), "drift-restart-state");
        List<InferenceEvent> inferences = FeatureShiftScenario.inferences(device, 42);

        try (TopicProbe<String, DriftSignal> probe = TopicProbe.fromNow(Topics.DRIFT_SIGNALS);
             Admin admin = broker.admin();
             KafkaProducer<byte[], byte[]> producer = AppOnBroker.producer(broker.bootstrapServers())) {
            DeviceRegistration registration = FeatureShiftScenario.registration(device);
            send(producer, Topics.DEVICE_REGISTRATIONS, Topics.registrationKey(registration), registration);
            Process first = start(broker.bootstrapServers(), stateDir, appId, 1);
            // The registration must reach the monitor (through the repartition topic) before the telemetry.
            AppOnBroker.awaitConsumed(admin, appId, t -> t.contains("drift-registrations-by-device"), 1, Duration.ofSeconds(90));
            for (InferenceEvent e : inferences) {
                send(producer, Topics.INFERENCES, device, e);
            }
            producer.flush();
            AppOnBroker.awaitConsumed(admin, appId, t -> t.equals(Topics.INFERENCES.name()), 12_000, Duration.ofSeconds(120));
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

            Process second = start(broker.bootstrapServers(), stateDir, appId, 2);
            try {
                List<ConsumerRecord<String, DriftSignal>> received = probe.await(1,
                        r -> device.equals(r.key()), Duration.ofSeconds(180));
                AppOnBroker.awaitConsumed(admin, appId, t -> t.equals(Topics.INFERENCES.name()), inferences.size(),
                        Duration.ofSeconds(120));
                received.addAll(probe.drain(Duration.ofSeconds(3)).stream().filter(r -> device.equals(r.key())).toList());

                assertThat(received).hasSize(1);
                DriftSignal s = received.get(0).value();
                assertThat(s.kind()).isEqualTo(SignalKind.DATA_DRIFT);
                assertThat(s.feature()).isEqualTo(FeatureShiftScenario.SHIFTED);
                assertThat(s.value()).isBetween(0.17, 0.23);
                assertThat(s.pValue()).isLessThan(1e-10);
                assertThat(s.sampleSizes().n()).isEqualTo(7200);
                assertThat(s.window().end()).isEqualTo(Devices.START.plus(Duration.ofHours(5)));
                assertThat(s.evidence()).containsKeys("adjusted_p_value", "psi", "wasserstein_over_reference_sd");
                assertThat(s.detectedAt()).isEqualTo(Instant.parse("2026-01-05T05:05:00Z"));
            } finally {
                second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static Process start(String bootstrap, Path stateDir, String appId, int run) throws Exception {
        File log = new File("target/drift-restart-run-" + run + ".log");
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path"), DriftStreamsMain.class.getName(),
                bootstrap, stateDir.toString(), appId)
                .redirectErrorStream(true).redirectOutput(log).start();
    }

    private static <V> void send(KafkaProducer<byte[], byte[]> producer, Topic<String, V> topic, String key, V value) {
        AppOnBroker.send(producer, topic, key, value);
        producer.flush();
    }
}
