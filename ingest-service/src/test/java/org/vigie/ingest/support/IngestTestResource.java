package org.vigie.ingest.support;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.vigie.testkit.TestTokens;
import org.vigie.testkit.VigieTestResource;

/**
 * The Vigie test resource (real Kafka, real PostgreSQL, test tokens) plus the key ingest-service signs device
 * tokens with: the test kit's private key, so that the tokens it issues verify like every test token.
 *
 * <p>One broker and one database for the whole test JVM, also across restarts of the application: a test
 * profile restarts Quarkus with new class loaders, in which the test kit's singletons would start a second
 * broker and create a second database, and a restart test would then look at an empty one. So the first start
 * keeps its infrastructure settings in a system property and later starts reuse them; only the token keys
 * follow the class loader of the start at hand (its TestTokens signs the tokens its tests send). Tests read
 * the database and the broker through {@link #database()} and {@link #bootstrapServers()} for the same reason.
 */
public class IngestTestResource extends VigieTestResource {

    private static final String SHARED = "vigie.test.ingest-shared-infrastructure";

    @Override
    public Map<String, String> start() {
        Map<String, String> config;
        String shared = System.getProperty(SHARED);
        if (shared == null) {
            config = super.start();
            System.setProperty(SHARED, encode(config));
        } else {
            config = decode(shared);
        }
        config.put("mp.jwt.verify.publickey", TestTokens.publicKeyPem());
        try {
            Path key = Files.createTempFile("vigie-ingest-signing-", ".pem");
            key.toFile().deleteOnExit();
            Files.writeString(key, TestTokens.privateKeyPem());
            config.put("vigie.ingest.token-signing-key.location", "file:" + key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    /** The broker every start of the application in this JVM uses. */
    public static String bootstrapServers() {
        return shared().get("kafka.bootstrap.servers");
    }

    /** A connection to the database every start of the application in this JVM uses. */
    public static Connection database() throws SQLException {
        Map<String, String> config = shared();
        return DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
    }

    private static Map<String, String> shared() {
        String shared = System.getProperty(SHARED);
        if (shared == null) {
            throw new IllegalStateException("the application has not been started by IngestTestResource in this JVM");
        }
        return decode(shared);
    }

    private static String encode(Map<String, String> config) {
        Properties properties = new Properties();
        properties.putAll(config);
        StringWriter out = new StringWriter();
        try {
            properties.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Map<String, String> decode(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> config.put(name, properties.getProperty(name)));
        return config;
    }
}
