package org.vigie.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code deploy/local/vigie} as the end-to-end tests drive it: a platform of its own (run folder under this
 * module's target, ports shifted, a database emptied when it starts), every component a real process.
 */
final class LocalPlatform {

    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    /** What a command printed, and how it ended. */
    record Result(int exitCode, String output) {
    }

    private final Path home;
    private final int portOffset;
    private final String database;
    private final java.util.Map<String, String> environment = new java.util.HashMap<>();

    /**
     * @param name       the run folder's name under target/ and the database's suffix
     * @param portOffset added to every port, so that several platforms (a developer's own, a test's) coexist
     */
    LocalPlatform(String name, int portOffset) {
        this.home = Path.of("target/" + name).toAbsolutePath();
        this.portOffset = portOffset;
        this.database = "vigie_it_" + name.replace('-', '_');
    }

    /** An environment variable for every process the script starts (the services read their settings from it). */
    LocalPlatform with(String name, String value) {
        environment.put(name, value);
        return this;
    }

    Path home() {
        return home;
    }

    int port(int base) {
        return base + portOffset;
    }

    /** Stops whatever an earlier run left and removes its run folder: the platform starts from nothing. */
    LocalPlatform fresh() throws IOException {
        if (Files.exists(home)) {
            run(Duration.ofMinutes(3), "down");
            try (Stream<Path> files = Files.walk(home)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return this;
    }

    Result run(Duration timeout, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("deploy/local/vigie").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("VIGIE_HOME", home.toString());
        builder.environment().put("VIGIE_PORT_OFFSET", Integer.toString(portOffset));
        builder.environment().put("VIGIE_NO_BUILD", "1");
        // A database of its own, emptied when the platform starts: never an earlier run's schema or rows.
        builder.environment().put("VIGIE_PG_DATABASE", database);
        builder.environment().put("VIGIE_PG_FRESH", "1");
        builder.environment().putAll(environment);
        Files.createDirectories(home);
        Path log = home.resolve("it-" + String.join("-", args).replaceAll("[^A-Za-z0-9.-]", "_")
                .substring(0, Math.min(60, String.join("-", args).length())) + ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return new Result(-1, Files.readString(log, StandardCharsets.UTF_8) + "\n(timed out after " + timeout + ")");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    void down() throws IOException {
        run(Duration.ofMinutes(3), "down");
    }
}
