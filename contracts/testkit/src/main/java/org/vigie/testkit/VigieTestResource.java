package org.vigie.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import org.vigie.contracts.security.Roles;

/**
 * The one Quarkus test resource of Vigie: a real broker, a real PostgreSQL (unless the test says
 * {@code postgres=false} through {@link #init}), and the JWT verification key of {@link TestTokens}.
 * Dev Services are turned off: the kit supplies the URLs, so nothing asks for Docker.
 *
 * <p>Use: {@code @WithTestResource(VigieTestResource.class)} on a {@code @QuarkusTest}.
 */
public class VigieTestResource implements QuarkusTestResourceLifecycleManager {

    private boolean postgres = true;

    @Override
    public void init(Map<String, String> initArgs) {
        postgres = !"false".equals(initArgs.get("postgres"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        KafkaBroker kafka = KafkaBroker.get();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("quarkus.kafka-streams.bootstrap-servers", kafka.bootstrapServers());
        config.put("quarkus.kafka.devservices.enabled", "false");
        config.put("mp.jwt.verify.publickey", TestTokens.publicKeyPem());
        config.put("mp.jwt.verify.issuer", Roles.DEFAULT_ISSUER);
        config.put("quarkus.datasource.devservices.enabled", "false");
        if (postgres) {
            PostgresServer.Connection pg = PostgresServer.get();
            config.put("quarkus.datasource.reactive.url", pg.reactiveUrl());
            config.put("quarkus.datasource.username", pg.user());
            config.put("quarkus.datasource.password", pg.password() == null ? "" : pg.password());
            config.put("quarkus.datasource.jdbc.url", pg.jdbcUrl());
        }
        return config;
    }

    @Override
    public void stop() {
        // The broker and the database live for the whole test JVM; they stop with it.
    }
}
