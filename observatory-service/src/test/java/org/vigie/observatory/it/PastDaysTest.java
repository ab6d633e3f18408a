package org.vigie.observatory.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigie.testkit.TestTokens;
import org.vigie.testkit.VigieTestResource;

/**
 * The API keeps the sums of unchanged past days between requests (RollupReader, migration V3): a change to a
 * past day, by any writer, or to a registration is in the very next answer — never a stale day.
 */
@QuarkusTest
@WithTestResource(VigieTestResource.class)
@WithTestResource(GrafanaRoleResource.class)
class PastDaysTest {

    private static final String RANGE = "from=2025-03-03&to=2025-03-10";

    @Test
    void aLateChangeToAPastDayOrARegistrationIsInTheNextAnswer() {
        Telemetry.execute("DELETE FROM observatory.inference_day WHERE device_id = 'kept-dev';"
                + "DELETE FROM observatory.device_version WHERE device_id = 'kept-dev';"
                + "INSERT INTO observatory.inference_day VALUES"
                + " ('2025-03-03', 'kept-dev', '1', 'k1', 'r-k', 40, 0, 0, 0, 0, 0),"
                + " ('2025-03-05', 'kept-dev', '1', 'k1', 'r-k', 50, 0, 0, 0, 0, 0)");
        String authority = TestTokens.authority("FR");
        String byDay = "/v1/usage?groupBy=device&device=kept-dev&" + RANGE;
        assertThat(inferences(authority, byDay)).isEqualTo(Map.of("2025-03-03", 40, "2025-03-05", 50));
        assertThat(inferences(authority, byDay)).isEqualTo(Map.of("2025-03-03", 40, "2025-03-05", 50));
        String week = "/v1/adoption?groupBy=device&device=kept-dev&interval=week&" + RANGE;
        assertThat(given().auth().oauth2(authority).get(week).jsonPath().getList("rows.activeSites")).contains(1);

        // A late event for an old day (any writer: here SQL), and a new site in the week.
        Telemetry.execute("UPDATE observatory.inference_day SET inferences = inferences + 7"
                + " WHERE device_id = 'kept-dev' AND bucket = '2025-03-03';"
                + "INSERT INTO observatory.inference_day VALUES ('2025-03-06', 'kept-dev', '1', 'k2', 'r-k', 3, 0, 0, 0, 0, 0)");
        assertThat(inferences(authority, byDay)).isEqualTo(Map.of("2025-03-03", 47, "2025-03-05", 50, "2025-03-06", 3));
        assertThat(given().auth().oauth2(authority).get(week).jsonPath().getList("rows.activeSites")).contains(2);

        // A registration re-classifies every day.
        String byUseCase = "/v1/usage?groupBy=useCase&" + RANGE;
        assertThat(useCases(authority, byUseCase)).contains("unregistered").doesNotContain("kept_use");
        Telemetry.execute("INSERT INTO observatory.device_version VALUES ('kept-dev', '1', 'm-k', 'kept', 'kept_use',"
                + " 'IIa', NULL, NULL, now())");
        assertThat(useCases(authority, byUseCase)).contains("kept_use");

        // A deleted day disappears.
        Telemetry.execute("DELETE FROM observatory.inference_day WHERE device_id = 'kept-dev' AND bucket = '2025-03-05'");
        assertThat(inferences(authority, byDay)).isEqualTo(Map.of("2025-03-03", 47, "2025-03-06", 3));
    }

    private static Map<String, Integer> inferences(String token, String path) {
        JsonPath answer = given().auth().oauth2(token).accept("application/json").get(path).then().statusCode(200)
                .extract().jsonPath();
        Map<String, Integer> byDay = new java.util.TreeMap<>();
        for (Map<String, Object> row : answer.<Map<String, Object>>getList("rows")) {
            if ("detail".equals(row.get("rowKind")) && row.get("inferences") != null
                    && ((Number) row.get("inferences")).intValue() > 0) {
                byDay.put(row.get("bucket").toString().substring(0, 10), ((Number) row.get("inferences")).intValue());
            }
        }
        return byDay;
    }

    private static List<String> useCases(String token, String path) {
        return given().auth().oauth2(token).accept("application/json").get(path).then().statusCode(200)
                .extract().jsonPath().getList("rows.useCase", String.class);
    }
}
