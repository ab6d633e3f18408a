package org.vigie.drift.stream;

import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The drift topology as its own process, for the kill-and-restart test: {@code bootstrap stateDir appId}.
 * Runs until killed. Exactly-once, persistent (RocksDB) stores, the acceptance scenario's windows.
 */
public final class DriftStreamsMain {

    private DriftStreamsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PlainJvmLogging.apply();
        StreamsBuilder builder = new StreamsBuilder();
        DriftTopology.build(builder, FeatureShiftScenario.settings(), DriftTelemetry.NONE, true);
        KafkaStreams streams = new KafkaStreams(builder.build(), properties(args[0], args[1], args[2]));
        streams.setUncaughtExceptionHandler(e -> {
            e.printStackTrace();
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_APPLICATION;
        });
        streams.start();
        System.out.println("drift streams started");
        new CountDownLatch(1).await();
    }

    /**
     * The service's own Kafka Streams settings (the unprofiled {@code kafka-streams.*} keys of application.properties
     * without placeholders: exactly_once_v2, commit interval, ...), then this process's broker, state and ids.
     */
    static Properties properties(String bootstrap, String stateDir, String appId) {
        Properties p = new Properties();
        Properties service = new Properties();
        try (var in = DriftStreamsMain.class.getResourceAsStream("/application.properties")) {
            service.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        service.stringPropertyNames().stream()
                .filter(k -> k.startsWith("kafka-streams.") && !service.getProperty(k).contains("${"))
                .forEach(k -> p.put(k.substring("kafka-streams.".length()), service.getProperty(k)));
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1500);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return p;
    }
}
