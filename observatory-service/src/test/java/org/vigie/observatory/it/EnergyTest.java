package org.vigie.observatory.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.RiskClass;
import org.vigie.contracts.events.UseCase;
import org.vigie.contracts.topics.Topics;
import org.vigie.testkit.TestTokens;
import org.vigie.testkit.VigieTestResource;

/**
 * Energy and carbon through the whole path (registration from Kafka, rollups, API) against figures computed by
 * hand with the Green Algorithms formula.
 */
@QuarkusTest
@WithTestResource(VigieTestResource.class)
@WithTestResource(GrafanaRoleResource.class)
class EnergyTest {

    private static final io.restassured.path.json.config.JsonPathConfig DOUBLES =
            new io.restassured.path.json.config.JsonPathConfig(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE);

    @Test
    void measuredJoulesAndTheGreenAlgorithmsEstimateAddUpAsComputedByHand() {
        // FR device: 4 cores × 10 W × 0.5 usage + 8 GB × 0.3725 W/GB = 22.98 W; × PUE 1.5 = 34.47 W.
        // A device with a flat 100 W in an unknown country: world average 475 gCO2e/kWh.
        Telemetry.send(Topics.DEVICE_REGISTRATIONS, List.of(
                SurveillanceFixtures.registration("energy-fr", "1", UseCase.DIAGNOSTIC_ECG, RiskClass.IIA,
                        new DeviceRegistration.EnergyProfile(null, 4, 10.0, 0.5, 8.0, 1.5, "FR")),
                SurveillanceFixtures.registration("energy-zz", "1", UseCase.DIAGNOSTIC_ECG, RiskClass.IIA,
                        new DeviceRegistration.EnergyProfile(100.0, null, null, null, null, null, "ZZ"))),
                DeviceRegistration::deviceId);
        Telemetry.awaitNumber("SELECT count(*) FROM observatory.device_version WHERE device_id LIKE 'energy-%'", 2,
                Duration.ofSeconds(60));
        assertThat(Telemetry.number("SELECT round(power_watts * 1000) FROM observatory.device_version"
                + " WHERE device_id = 'energy-fr'")).isEqualTo(34_470);
        // energy-fr: 500 inferences measured 180,000 J (0.05 kWh); 1,000 timed inferences ran 1 h in all.
        // energy-zz: 100 inferences ran 10 h in all (1 kWh).
        Telemetry.execute("INSERT INTO observatory.inference_day VALUES"
                + " ('2025-07-01', 'energy-fr', '1', 'e1', 'r-e', 1500, 0, 500, 180000, 1000, 3600000),"
                + " ('2025-07-01', 'energy-zz', '1', 'e2', 'r-e', 100, 0, 0, 0, 100, 36000000)");

        List<Map<String, Object>> rows = given().auth().oauth2(TestTokens.authority("FR")).accept("application/json")
                .get("/v1/energy?groupBy=device&from=2025-07-01&to=2025-07-02").then().statusCode(200)
                .extract().jsonPath().using(DOUBLES).getList("rows");
        Map<String, Object> fr = row(rows, "energy-fr");
        double kwh = 0.05 + 34.47 / 1000.0;
        assertThat(number(fr, "energyKwh")).isCloseTo(kwh, within(1e-12));
        assertThat(number(fr, "carbonGramsCo2e")).isCloseTo(kwh * 21.7, within(1e-9));
        assertThat(number(fr, "energyKwhPer1000Inferences")).isCloseTo(kwh / 1500 * 1000, within(1e-12));
        assertThat(number(fr, "carbonGramsCo2ePer1000Inferences")).isCloseTo(kwh * 21.7 / 1500 * 1000, within(1e-9));
        Map<String, Object> zz = row(rows, "energy-zz");
        assertThat(number(zz, "energyKwh")).isCloseTo(1.0, within(1e-12));
        assertThat(number(zz, "carbonGramsCo2e")).isCloseTo(475.0, within(1e-9));
        assertThat(number(zz, "carbonGramsCo2ePer1000Inferences")).isCloseTo(4750.0, within(1e-9));

        // The public sees the same figures where the inference count is shown (1,500 and 100 are not small).
        List<Map<String, Object>> open = given().accept("application/json")
                .get("/v1/energy?groupBy=device&device=energy-fr&from=2025-07-01&to=2025-07-02").then().statusCode(200)
                .extract().jsonPath().using(DOUBLES).getList("rows");
        assertThat(number(row(open, "energy-fr"), "energyKwh")).isCloseTo(kwh, within(1e-12));
    }

    private static Map<String, Object> row(List<Map<String, Object>> rows, String device) {
        return rows.stream().filter(r -> device.equals(r.get("device")) && "detail".equals(r.get("rowKind")))
                .findFirst().orElseThrow(() -> new AssertionError("no row for " + device + " in " + rows));
    }

    private static double number(Map<String, Object> row, String key) {
        return ((Number) row.get(key)).doubleValue();
    }
}
