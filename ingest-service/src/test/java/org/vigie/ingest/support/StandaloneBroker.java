package org.vigie.ingest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.vigie.contracts.topics.TopicProvisioner;

/**
 * A real Kafka broker (KRaft, combined broker and controller) in a JVM process of its own, on fixed ports and
 * a data directory that outlive it: it can be stopped and started again at the same address with its data,
 * as when a broker goes down and comes back. The test kit's in-process broker cannot be stopped without
 * stopping every other test's broker, hence this one, for outage tests only.
 */
public final class StandaloneBroker {

    private static final String PORT_PROPERTY = "vigie.test.standalone-broker.port";
    private static final String CONTROLLER_PORT_PROPERTY = "vigie.test.standalone-broker.controller-port";

    private final int port;
    private final int controllerPort;
    private final Path directory;
    private final Path config;
    private Process process;

    private StandaloneBroker(int port, int controllerPort) {
        this.port = port;
        this.controllerPort = controllerPort;
        try {
            this.directory = Files.createTempDirectory("vigie-standalone-broker-");
            this.config = directory.resolve("server.properties");
            Files.writeString(config, String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "log.dirs=" + directory.resolve("data"),
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "") + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The address the application under test is configured with, fixed before the broker exists. */
    public static String reservedBootstrapServers() {
        return "127.0.0.1:" + reserved(PORT_PROPERTY);
    }

    /** Formats the storage and starts the broker on the reserved ports; creates the contracts' topics. */
    public static StandaloneBroker startNew() {
        StandaloneBroker broker = new StandaloneBroker(reserved(PORT_PROPERTY), reserved(CONTROLLER_PORT_PROPERTY));
        broker.run(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                broker.config.toString()), true);
        broker.start();
        try (Admin admin = broker.admin()) {
            TopicProvisioner.ensureAll(admin);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the topics on the standalone broker", e);
        }
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
    }

    /** Starts the broker process and waits until it answers. */
    public void start() {
        process = run(List.of("kafka.Kafka", config.toString()), false);
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the standalone broker exited; see " + directory.resolve("broker.log"));
            }
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception notYet) {
                sleep(500);
            }
        }
        throw new IllegalStateException("the standalone broker did not come up; see " + directory.resolve("broker.log"));
    }

    /** Stops the broker process (a clean shutdown, as an operator would); its data stay for the next start. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private Process run(List<String> mainAndArgs, boolean waitForExit) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("broker.log").toFile())).start();
            if (waitForExit) {
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IllegalStateException("'" + mainAndArgs.get(0) + "' failed; see " + directory.resolve("broker.log"));
                }
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static synchronized int reserved(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            try (ServerSocket socket = new ServerSocket(0)) {
                value = Integer.toString(socket.getLocalPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(property, value);
        }
        return Integer.parseInt(value);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
