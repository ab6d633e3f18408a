package org.vigie.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The whole flow with every component a real process: {@code deploy/local/vigie demo serious-incident}
 * starts Kafka, PostgreSQL and the four services, subscribes a webhook receiver that verifies signatures,
 * sends the scenario through the ingest API, and succeeds only when the field report's death has become an
 * alert delivered, signed and verified, at the receiver. Ports are shifted by 3000 and the run folder is
 * this module's target, so it runs beside a developer's own platform.
 */
class PlatformDemoIT {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Path HOME = Path.of("target/vigie-demo-it").toAbsolutePath();

    @AfterAll
    static void down() throws IOException {
        run("down");
    }

    @Test
    void a_death_reported_from_the_field_reaches_the_subscriber_as_a_verified_alert() throws IOException {
        Result demo = run("demo", "serious-incident", "--days", "2", "--volume", "0.2", "--rate", "3000",
                "--wait-minutes", "4");
        assertThat(demo.output()).contains("Vigie is UP");
        assertThat(demo.output()).containsPattern("received\\s+required\\s+field_report");
        assertThat(demo.output()).doesNotContain("MISSING");
        assertThat(demo.exitCode()).as(demo.output()).isZero();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("deploy/local/vigie").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("VIGIE_HOME", HOME.toString());
        builder.environment().put("VIGIE_PORT_OFFSET", "3000");
        builder.environment().put("VIGIE_NO_BUILD", "1");
        // A database of its own, emptied when the platform starts: never an earlier run's schema or rows.
        builder.environment().put("VIGIE_PG_DATABASE", "vigie_it_demo");
        builder.environment().put("VIGIE_PG_FRESH", "1");
        Files.createDirectories(HOME);
        Path log = HOME.resolve("it-" + args[0] + ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
