package org.vigie.observatory.domain;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Carbon intensity of the electricity grid, gCO₂e per kWh, by ISO 3166-1 alpha-2 country code.
 *
 * <p>Defaults, each a yearly average (configurable: deployments override them from
 * configuration; a value is a policy choice, not a constant of nature):
 * <ul>
 *   <li>FR 21.7 — RTE, Bilan électrique 2024 (direct emissions of French generation); the figure
 *       the national strategy and the brief use.</li>
 *   <li>DE 344, NL 253, DK 143, BE 118, AT 103, FI 72 — Our World in Data "Carbon intensity of
 *       electricity generation" (Ember data), 2024, life-cycle basis. Note the basis differs from
 *       RTE's direct-emission figure for France (OWID gives ~44 for France on its basis); a
 *       deployment comparing countries should take all values from one source.</li>
 *   <li>World 475 — the Green Algorithms default world average; used for any other country.</li>
 * </ul>
 */
public final class GridCarbonIntensity {

    public static final double WORLD_AVERAGE = 475.0;

    private static final Map<String, Double> DEFAULTS = Map.of(
            "FR", 21.7,
            "DE", 344.0,
            "NL", 253.0,
            "DK", 143.0,
            "BE", 118.0,
            "AT", 103.0,
            "FI", 72.0);

    private final Map<String, Double> byCountry;
    private final double fallback;

    private GridCarbonIntensity(Map<String, Double> byCountry, double fallback) {
        this.byCountry = Map.copyOf(byCountry);
        this.fallback = requirePlausible("fallback", fallback);
    }

    public static GridCarbonIntensity defaults() {
        return new GridCarbonIntensity(DEFAULTS, WORLD_AVERAGE);
    }

    /** The defaults with some countries (and possibly the fallback) overridden from configuration. */
    public static GridCarbonIntensity withOverrides(Map<String, Double> overrides, double fallback) {
        Map<String, Double> merged = new HashMap<>(DEFAULTS);
        Objects.requireNonNull(overrides, "overrides").forEach((country, value) ->
                merged.put(normalise(country), requirePlausible(country, value)));
        return new GridCarbonIntensity(merged, fallback);
    }

    /** gCO₂e/kWh for the country, or the world average when the country is unknown or absent. */
    public double gramsPerKwh(String countryCode) {
        if (countryCode == null || countryCode.isBlank()) {
            return fallback;
        }
        return byCountry.getOrDefault(normalise(countryCode), fallback);
    }

    private static String normalise(String countryCode) {
        return countryCode.trim().toUpperCase(Locale.ROOT);
    }

    private static double requirePlausible(String what, Double value) {
        // The dirtiest grids are around 1,000 g/kWh; anything far beyond is a unit mistake (kg, t).
        if (value == null || !Double.isFinite(value) || value < 0 || value > 2_000) {
            throw new IllegalArgumentException("grid intensity for " + what + " must be in 0..2000 gCO2e/kWh, got " + value);
        }
        return value;
    }
}
