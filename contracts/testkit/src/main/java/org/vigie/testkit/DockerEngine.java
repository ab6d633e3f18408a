package org.vigie.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Testcontainers, used only where a Docker engine really answers. The cheap checks come first so that a
 * machine with a Docker client but no engine (like CI here) does not wait on Testcontainers' own probing.
 * {@code VIGIE_TESTCONTAINERS=false} turns it off.
 */
final class DockerEngine {

    private static Boolean available;

    private DockerEngine() {
    }

    static synchronized boolean available() {
        if (available == null) {
            available = probe();
        }
        return available;
    }

    private static boolean probe() {
        if ("false".equalsIgnoreCase(System.getenv("VIGIE_TESTCONTAINERS"))) {
            return false;
        }
        boolean socket = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker/run/docker.sock"));
        if (!socket) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    @SuppressWarnings("resource")
    static String startKafka() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.1.1");
        kafka.start();
        return kafka.getBootstrapServers();
    }

    @SuppressWarnings("resource")
    static PostgresServer.Connection startPostgres() {
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:15-alpine");
        postgres.start();
        return new PostgresServer.Connection(postgres.getHost(), postgres.getFirstMappedPort(),
                postgres.getDatabaseName(), postgres.getUsername(), postgres.getPassword());
    }
}
