package org.vigie.testkit;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.common.TransactionVersion;
import org.vigie.contracts.topics.TopicProvisioner;

/**
 * A real Kafka broker for tests, chosen once per JVM: the broker named by {@code VIGIE_KAFKA_BOOTSTRAP};
 * else a Testcontainers broker where a Docker engine answers; else Apache Kafka's own KRaft broker
 * in-process ({@link KafkaClusterTestKit}, ready in a few seconds). The contracts' topics are created on it.
 */
public final class KafkaBroker {

    private static KafkaBroker instance;

    private final String bootstrapServers;
    private final String origin;

    private KafkaBroker(String bootstrapServers, String origin) {
        this.bootstrapServers = bootstrapServers;
        this.origin = origin;
    }

    /**
     * JVM-wide, not per class loader: a Quarkus test profile restarts the application with new class loaders,
     * and a restart must find the same broker, not a second one.
     */
    static final String SHARED_PROPERTY = "vigie.testkit.kafka.bootstrap";

    public static synchronized KafkaBroker get() {
        if (instance == null) {
            String shared = System.getProperty(SHARED_PROPERTY);
            if (shared != null) {
                instance = new KafkaBroker(shared, "shared in this JVM");
                return instance;
            }
            instance = start();
            System.setProperty(SHARED_PROPERTY, instance.bootstrapServers);
            try (Admin admin = instance.admin()) {
                TopicProvisioner.ensureAll(admin);
            } catch (Exception e) {
                throw new IllegalStateException("Cannot create the contracts' topics on " + instance.origin, e);
            }
        }
        return instance;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Where the broker came from: environment, testcontainers or in-process. */
    public String origin() {
        return origin;
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    private static KafkaBroker start() {
        String fromEnvironment = System.getenv("VIGIE_KAFKA_BOOTSTRAP");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new KafkaBroker(fromEnvironment, "environment");
        }
        if (DockerEngine.available()) {
            return new KafkaBroker(DockerEngine.startKafka(), "testcontainers");
        }
        return inProcess();
    }

    private static KafkaBroker inProcess() {
        // A test broker must never end the test JVM. At exit, Kafka's own hook deletes the broker's folders while
        // it still runs; the broker then sees "all log dirs have failed" and halts the process with status 1, which
        // surefire reports as a failed fork ("Error occurred in starting fork") although every test passed.
        Exit.setHaltProcedure((status, message) -> { });
        Exit.setExitProcedure((status, message) -> { });
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder(bootstrapMetadata())
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("log.flush.interval.messages", "1000000")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            // No close on exit: Kafka's own hook deletes the broker's temporary folders, and closing the
            // broker at the same time only races with it. The broker's threads end with the JVM.
            return new KafkaBroker(cluster.bootstrapServers(), "in-process KRaft");
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the in-process Kafka broker", e);
        }
    }

    /**
     * The latest production metadata version and its default features, but transactions at version 1, as
     * {@code deploy/local/vigie} formats the local broker (see the reason there): drift-service's exactly-once
     * producer once wedged on a transactions-v2 sequence error under load with Kafka 4.1.1.
     */
    private static BootstrapMetadata bootstrapMetadata() {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> features = new HashMap<>();
        for (Feature feature : Feature.PRODUCTION_FEATURES) {
            features.put(feature.featureName(), feature.defaultLevel(version));
        }
        features.put(TransactionVersion.FEATURE_NAME, TransactionVersion.TV_1.featureLevel());
        return BootstrapMetadata.fromVersions(version, features, "vigie test kit");
    }

    public Properties clientProperties() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }
}
