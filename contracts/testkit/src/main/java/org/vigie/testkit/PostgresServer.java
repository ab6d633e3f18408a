package org.vigie.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A real PostgreSQL for tests, chosen once per JVM: the server named by {@code VIGIE_PG_URL}
 * ({@code postgresql://user:password@host:port/database}); else Testcontainers where a Docker engine answers;
 * else the local server on 127.0.0.1:5432 (as on this project's machines); else an embedded PostgreSQL
 * (zonky, which cannot run as root). On a shared server each test JVM gets a database of its own, dropped
 * when the JVM ends, so modules never see each other's rows.
 */
public final class PostgresServer {

    private static Connection.Holder holder;

    public record Connection(String host, int port, String database, String user, String password) {

        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        /** The form Quarkus' reactive client takes. */
        public String reactiveUrl() {
            return "postgresql://" + host + ":" + port + "/" + database;
        }

        public java.sql.Connection open() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), user, password == null ? "" : password);
        }

        Connection withDatabase(String name) {
            return new Connection(host, port, name, user, password);
        }

        record Holder(Connection connection, String origin) {
        }
    }

    private PostgresServer() {
    }

    /** JVM-wide, not per class loader, for the same reason as the broker: an application restart finds its data. */
    static final String SHARED_PROPERTY = "vigie.testkit.postgres";

    public static synchronized Connection get() {
        if (holder == null) {
            String shared = System.getProperty(SHARED_PROPERTY);
            if (shared != null) {
                String[] p = java.util.Arrays.stream(shared.split(",", -1)).map(PostgresServer::decode).toArray(String[]::new);
                holder = new Connection.Holder(new Connection(p[0], Integer.parseInt(p[1]), p[2], p[3], p[4]), p[5]);
            } else {
                holder = start();
                Connection c = holder.connection();
                // Base64 fields: a system property travels through Surefire's fork protocol, which wants one line.
                System.setProperty(SHARED_PROPERTY, java.util.stream.Stream.of(c.host(), Integer.toString(c.port()),
                        c.database(), c.user(), c.password() == null ? "" : c.password(), holder.origin())
                        .map(PostgresServer::encode).collect(java.util.stream.Collectors.joining(",")));
            }
        }
        return holder.connection();
    }

    public static synchronized String origin() {
        get();
        return holder.origin();
    }

    private static String encode(String value) {
        return java.util.Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String decode(String value) {
        return new String(java.util.Base64.getDecoder().decode(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Connection.Holder start() {
        String fromEnvironment = System.getenv("VIGIE_PG_URL");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new Connection.Holder(isolated(parse(fromEnvironment)), "environment");
        }
        if (DockerEngine.available()) {
            return new Connection.Holder(DockerEngine.startPostgres(), "testcontainers");
        }
        if (listening("127.0.0.1", 5432)) {
            Connection server = new Connection("127.0.0.1", 5432, "postgres", "postgres", "");
            if (canConnect(server)) {
                return new Connection.Holder(isolated(server), "local server");
            }
        }
        return new Connection.Holder(embedded(), "embedded");
    }

    /** A fresh database on a shared server for this JVM; dropped on exit. */
    private static Connection isolated(Connection server) {
        String name = "vigie_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (java.sql.Connection c = server.open(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            // No right to create databases: use the one we were given.
            return server;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (java.sql.Connection c = server.open(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException ignored) {
                // Best effort: the next run uses another name anyway.
            }
        }, "vigie-testkit-pg-drop"));
        return server.withDatabase(name);
    }

    private static Connection embedded() {
        if ("root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("No PostgreSQL found: set VIGIE_PG_URL, start the local server, or run as a"
                    + " non-root user so that an embedded PostgreSQL can start (PostgreSQL refuses to run as root).");
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // The JVM is going away.
                }
            }, "vigie-testkit-pg-stop"));
            return new Connection("localhost", postgres.getPort(), "postgres", "postgres", "postgres");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start an embedded PostgreSQL", e);
        }
    }

    static Connection parse(String url) {
        String raw = url.startsWith("jdbc:") ? url.substring(5) : url;
        URI uri = URI.create(raw);
        String user = "postgres";
        String password = "";
        if (uri.getUserInfo() != null) {
            String[] parts = uri.getUserInfo().split(":", 2);
            user = parts[0];
            password = parts.length > 1 ? parts[1] : "";
        }
        String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        return new Connection(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
                database.toLowerCase(Locale.ROOT), user, password);
    }

    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean canConnect(Connection connection) {
        try (java.sql.Connection c = connection.open()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
