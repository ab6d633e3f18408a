package org.vigie.observatory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every expected value below is worked out by hand in the comment above it. */
class GreenAlgorithmsTest {

    private static final double EPS = 1e-9;

    @Test
    void cpuBatchEnergyAndCarbonInFrance() {
        // 4 cores × 12 W × 0.8 usage         = 38.4 W
        // 16 GB × 0.3725 W/GB                 =  5.96 W
        // (38.4 + 5.96) × PUE 1.67            = 44.36 × 1.67 = 74.0812 W
        // × 2 h = 148.1624 Wh                 = 0.1481624 kWh
        // × 21.7 gCO2e/kWh (FR)               = 3.21512408 g
        GreenAlgorithms.ComputeProfile profile = new GreenAlgorithms.ComputeProfile(4, 12, 0.8, 16, 1.67);

        double kwh = GreenAlgorithms.estimatedKwh(profile, Duration.ofHours(2));

        assertThat(kwh).isCloseTo(0.1481624, within(EPS));
        assertThat(GreenAlgorithms.carbonGrams(kwh, GridCarbonIntensity.defaults().gramsPerKwh("FR")))
                .isCloseTo(3.21512408, within(EPS));
    }

    @Test
    void perThousandInferences() {
        // Same batch, 50,000 inferences:
        // 0.1481624 kWh / 50,000 × 1000 = 0.002963248 kWh per 1,000
        // 3.21512408 g  / 50,000 × 1000 = 0.0643024816 g per 1,000
        // On the world-average grid: 0.1481624 × 475 = 70.37714 g in total
        GreenAlgorithms.ComputeProfile profile = new GreenAlgorithms.ComputeProfile(4, 12, 0.8, 16, 1.67);
        double kwh = GreenAlgorithms.estimatedKwh(profile, Duration.ofHours(2));

        GreenAlgorithms.BatchFootprint fr = GreenAlgorithms.footprint(kwh, 50_000, GridCarbonIntensity.defaults(), "fr");
        GreenAlgorithms.BatchFootprint elsewhere = GreenAlgorithms.footprint(kwh, 50_000, GridCarbonIntensity.defaults(), "BR");

        assertThat(fr.kwhPerThousand().getAsDouble()).isCloseTo(0.002963248, within(EPS));
        assertThat(fr.gramsCo2ePerThousand().getAsDouble()).isCloseTo(0.0643024816, within(EPS));
        assertThat(elsewhere.gramsCo2e()).isCloseTo(70.37714, within(1e-6));
    }

    @Test
    void gpuBatchOverHalfAnHour() {
        // 1 GPU × 300 W × 1.0 = 300 W; 64 GB × 0.3725 = 23.84 W; PUE 1.0
        // 323.84 W × 0.5 h = 161.92 Wh = 0.16192 kWh
        GreenAlgorithms.ComputeProfile gpu = new GreenAlgorithms.ComputeProfile(1, 300, 1.0, 64, 1.0);

        assertThat(GreenAlgorithms.estimatedKwh(gpu, Duration.ofMinutes(30))).isCloseTo(0.16192, within(EPS));
    }

    @Test
    void measuredJoulesWinWhenTheDeviceSendsThem() {
        // 7,200,000 J / 3,600,000 J/kWh = 2 kWh; × 21.7 = 43.4 g
        // 4,000 inferences: 2 / 4000 × 1000 = 0.5 kWh and 43.4 / 4 = 10.85 g per 1,000
        double kwh = GreenAlgorithms.measuredKwh(7_200_000);

        GreenAlgorithms.BatchFootprint f = GreenAlgorithms.footprint(kwh, 4_000, GridCarbonIntensity.defaults(), "FR");

        assertThat(kwh).isCloseTo(2.0, within(EPS));
        assertThat(f.gramsCo2e()).isCloseTo(43.4, within(EPS));
        assertThat(f.kwhPerThousand().getAsDouble()).isCloseTo(0.5, within(EPS));
        assertThat(f.gramsCo2ePerThousand().getAsDouble()).isCloseTo(10.85, within(EPS));
    }

    @Test
    void aBatchWithoutInferenceHasNoPerThousandFigure() {
        assertThat(GreenAlgorithms.perThousandInferences(1.0, 0)).isEmpty();
    }

    @Test
    void gridIntensityIsConfigurablePerCountry() {
        GridCarbonIntensity grid = GridCarbonIntensity.withOverrides(Map.of("fr", 30.0, "PL", 660.0), 450.0);

        assertThat(grid.gramsPerKwh("FR")).isEqualTo(30.0);
        assertThat(grid.gramsPerKwh("PL")).isEqualTo(660.0);
        assertThat(grid.gramsPerKwh("DE")).isEqualTo(344.0);
        assertThat(grid.gramsPerKwh("XX")).isEqualTo(450.0);
        assertThat(GridCarbonIntensity.defaults().gramsPerKwh(null)).isEqualTo(GridCarbonIntensity.WORLD_AVERAGE);
        assertThatThrownBy(() -> GridCarbonIntensity.withOverrides(Map.of("FR", 21_700.0), 475))
                .hasMessageContaining("0..2000");
    }

    @Test
    void implausibleProfilesAreRefused() {
        assertThatThrownBy(() -> new GreenAlgorithms.ComputeProfile(4, 12, 1.5, 16, 1.2)).hasMessageContaining("usage");
        assertThatThrownBy(() -> new GreenAlgorithms.ComputeProfile(4, 12, 0.5, 16, 0.9)).hasMessageContaining("pue");
        assertThatThrownBy(() -> new GreenAlgorithms.ComputeProfile(4, Double.NaN, 0.5, 16, 1.2)).hasMessageContaining("wattsPerCore");
        assertThatThrownBy(() -> GreenAlgorithms.measuredKwh(-1)).hasMessageContaining("joules");
    }
}
