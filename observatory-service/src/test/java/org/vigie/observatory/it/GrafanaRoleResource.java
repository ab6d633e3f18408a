package org.vigie.observatory.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * A password for the vigie_grafana role, made up for this test JVM: the application sets it at start-up as it
 * would from VIGIE_GRAFANA_DB_PASSWORD, and the dashboard tests log in with it. Nothing is stored in the repo.
 */
public class GrafanaRoleResource implements QuarkusTestResourceLifecycleManager {

    private static final String PASSWORD = "t" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));

    public static String password() {
        return PASSWORD;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("vigie.observatory.grafana.db-password", PASSWORD);
    }

    @Override
    public void stop() {
        // nothing to release
    }
}
