package org.vigie.observatory.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/** {@code vigie.observatory.*}: disclosure, energy and retention settings. */
@ConfigMapping(prefix = "vigie.observatory")
public interface ObservatoryConfig {

    /** Counts below this are masked for anonymous and analyst callers (French rule: 11). */
    @WithDefault("11")
    int suppressionThreshold();

    Energy energy();

    Api api();

    Grafana grafana();

    /** Days an applied eventId is remembered; longer than the telemetry topics' retention (35 days). */
    @WithDefault("40")
    int dedupRetentionDays();

    /** How often the materialized public views (what Grafana reads) are refreshed. */
    @WithDefault("60")
    int viewsRefreshSeconds();

    interface Energy {
        /** Grid carbon intensity overrides, gCO2e/kWh by ISO country code (defaults: FR 21.7, world 475). */
        Map<String, Double> gridIntensity();

        /** Intensity for a country with no value of its own. */
        @WithDefault("475")
        double fallbackGridIntensity();

        /** The country of a device whose energy profile names none. */
        @WithDefault("FR")
        String defaultCountry();
    }

    interface Api {
        /** Largest page of rows. */
        @WithDefault("1000")
        int maxPageSize();

        /** Largest number of day cells one suppressed answer protects (groups × days); beyond, 400. */
        @WithDefault("20000")
        int maxProtectedCells();

        /**
         * Sums of unchanged past days kept between requests (in cells, least recently used dropped first); 0 reads
         * every day from the rollups on every request. About 200 bytes a cell.
         */
        @WithDefault("200000")
        long cachedCells();
    }

    interface Grafana {
        /** Password of the vigie_grafana database role; when absent the role cannot log in. */
        Optional<String> dbPassword();
    }
}
