package org.vigie.ingest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.vigie.testkit.KafkaBroker;
import org.vigie.testkit.PostgresServer;
import org.vigie.testkit.TestTokens;
import org.vigie.testkit.VigieTestResource;

/**
 * The Vigie test resource (real Kafka, real PostgreSQL, test tokens) plus the key ingest-service signs device
 * tokens with: the test kit's private key, so that the tokens it issues verify like every test token. The kit's
 * broker, database and keys are JVM-wide, so a test profile that restarts the application finds the same ones.
 */
public class IngestTestResource extends VigieTestResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
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
        return KafkaBroker.get().bootstrapServers();
    }

    /** A connection to the database every start of the application in this JVM uses. */
    public static Connection database() throws SQLException {
        return PostgresServer.get().open();
    }
}
