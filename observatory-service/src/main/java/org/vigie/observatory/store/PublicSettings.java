package org.vigie.observatory.store;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import org.vigie.observatory.config.ObservatoryConfig;
import org.vigie.observatory.domain.GridCarbonIntensity;

/**
 * Writes what the SQL views need from configuration at start-up: the suppression threshold, the grid carbon
 * intensities, and the password of the read-only {@code vigie_grafana} role (from the environment, never
 * from the repository; without one the role cannot log in).
 */
@ApplicationScoped
public class PublicSettings {

    private static final Logger LOG = Logger.getLogger(PublicSettings.class);
    public static final String GRAFANA_ROLE = "vigie_grafana";
    /** Countries written to grid_intensity besides the configured ones; the views fall back to DEFAULT. */
    private static final List<String> KNOWN_COUNTRIES = List.of("FR", "DE", "NL", "DK", "BE", "AT", "FI");

    private final Pool pool;
    private final ObservatoryConfig config;

    public PublicSettings(Pool pool, ObservatoryConfig config) {
        this.pool = pool;
        this.config = config;
    }

    public GridCarbonIntensity grid() {
        return GridCarbonIntensity.withOverrides(config.energy().gridIntensity(), config.energy().fallbackGridIntensity());
    }

    void onStart(@Observes StartupEvent event) {
        GridCarbonIntensity grid = grid();
        Map<String, Double> intensities = new TreeMap<>();
        KNOWN_COUNTRIES.forEach(c -> intensities.put(c, grid.gramsPerKwh(c)));
        config.energy().gridIntensity().keySet().forEach(c -> intensities.put(c.toUpperCase(Locale.ROOT), grid.gramsPerKwh(c)));
        intensities.put("DEFAULT", grid.gramsPerKwh(config.energy().defaultCountry()));
        List<Tuple> rows = new ArrayList<>();
        intensities.forEach((country, value) -> rows.add(Tuple.of(country, value)));
        pool.withTransaction(conn -> conn.preparedQuery("UPDATE observatory.disclosure SET threshold = $1")
                        .execute(Tuple.of(config.suppressionThreshold()))
                        .chain(x -> conn.query("DELETE FROM observatory.grid_intensity").execute())
                        .chain(x -> conn.preparedQuery("INSERT INTO observatory.grid_intensity (country, grams_per_kwh)"
                                + " VALUES ($1, $2)").executeBatch(rows)))
                .await().atMost(Duration.ofSeconds(30));
        config.grafana().dbPassword().filter(p -> !p.isBlank()).ifPresent(this::enableGrafanaLogin);
    }

    /**
     * ALTER ROLE takes no bind parameters: the password is written as a standard-conforming string literal,
     * quotes doubled; control characters are refused rather than escaped. It is never logged.
     */
    private void enableGrafanaLogin(String password) {
        if (password.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalStateException("vigie.observatory.grafana.db-password must not contain control characters");
        }
        String literal = "'" + password.replace("'", "''") + "'";
        pool.withConnection(conn -> conn.query("SET standard_conforming_strings = on").execute()
                        .chain(x -> conn.query("ALTER ROLE " + GRAFANA_ROLE + " WITH LOGIN PASSWORD " + literal).execute()))
                .await().atMost(Duration.ofSeconds(30));
        LOG.infof("Role %s may log in (password from configuration)", GRAFANA_ROLE);
    }
}
