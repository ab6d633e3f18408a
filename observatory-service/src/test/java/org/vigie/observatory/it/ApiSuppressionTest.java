package org.vigie.observatory.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigie.testkit.TestTokens;
import org.vigie.testkit.VigieTestResource;

/**
 * Small-cell suppression as a caller sees it, on rollup rows written straight into the real database (the rollup
 * path has its own test): primary and secondary suppression, rates, weeks made of days, exact counts for
 * authorities, a differencing attack across queries, CSV and the dictionary, and 400 problems.
 */
@QuarkusTest
@WithTestResource(VigieTestResource.class)
@WithTestResource(GrafanaRoleResource.class)
class ApiSuppressionTest {

    private static final String DAY1 = "from=2025-06-02&to=2025-06-03";

    @BeforeAll
    static void rollups() {
        Telemetry.execute("DELETE FROM observatory.inference_day WHERE device_id LIKE 'api-%';"
                + "DELETE FROM observatory.usage_day WHERE device_id LIKE 'api-%';"
                // 2025-06-02 (a Monday): region r-a has one small site (5); r-c one site of 25.
                + "INSERT INTO observatory.inference_day VALUES"
                + " ('2025-06-02', 'api-dev', '1', 'a1', 'r-a', 5, 0, 0, 0, 0, 0),"
                + " ('2025-06-02', 'api-dev', '1', 'b1', 'r-b', 40, 35, 0, 0, 0, 0),"
                + " ('2025-06-02', 'api-dev', '1', 'b2', 'r-b', 30, 0, 0, 0, 0, 0),"
                + " ('2025-06-02', 'api-dev', '1', 'c1', 'r-c', 25, 0, 0, 0, 0, 0),"
                + " ('2025-06-02', 'api-dev', '1', 'd1', 'r-d', 60, 30, 0, 0, 0, 0),"
                // 2025-06-03: every region large.
                + " ('2025-06-03', 'api-dev', '1', 'a1', 'r-a', 20, 0, 0, 0, 0, 0),"
                + " ('2025-06-03', 'api-dev', '1', 'b1', 'r-b', 50, 0, 0, 0, 0, 0),"
                + " ('2025-06-03', 'api-dev', '1', 'c1', 'r-c', 50, 0, 0, 0, 0, 0),"
                + " ('2025-06-03', 'api-dev', '1', 'd1', 'r-d', 50, 0, 0, 0, 0, 0);"
                // Clinician decisions: r-b overrode 3 times (small), r-d is large throughout.
                + "INSERT INTO observatory.usage_day VALUES"
                + " ('2025-06-02', 'api-dev', '1', 'b1', 'r-b', 'radiology', 0, 50, 3, 20),"
                + " ('2025-06-02', 'api-dev', '1', 'd1', 'r-d', 'radiology', 0, 40, 30, 15)");
    }

    @Test
    void aSmallRegionIsMaskedAndTheNextSmallestWithIt() {
        JsonPath answer = get(anonymous(), "/v1/usage?groupBy=region&" + DAY1);
        assertThat(answer.getString("disclosure")).isEqualTo("suppressed");
        Map<String, Map<String, Object>> rows = byRegion(answer);
        assertThat(rows.get("r-a")).containsEntry("inferences", null).containsEntry("inferencesSuppressed", true);
        assertThat(rows.get("r-c")).containsEntry("inferences", null).containsEntry("inferencesSuppressed", true);
        assertThat(rows.get("r-b")).containsEntry("inferences", 70);
        assertThat(rows.get("r-d")).containsEntry("inferences", 60);
        assertThat(rows.get("total")).containsEntry("inferences", 160);
        assertNoSmallCount(answer);
    }

    @Test
    void authoritiesAndAdminsSeeExactCountsAnalystsDoNot() {
        assertThat(byRegion(get(given().auth().oauth2(TestTokens.authority("FR")), "/v1/usage?groupBy=region&" + DAY1))
                .get("r-a")).containsEntry("inferences", 5).containsEntry("inferencesSuppressed", false);
        assertThat(byRegion(get(given().auth().oauth2(TestTokens.admin()), "/v1/usage?groupBy=region&" + DAY1))
                .get("r-a")).containsEntry("inferences", 5);
        JsonPath analyst = get(given().auth().oauth2(TestTokens.analyst()), "/v1/usage?groupBy=region&" + DAY1);
        assertThat(analyst.getString("disclosure")).isEqualTo("suppressed");
        assertThat(byRegion(analyst).get("r-a")).containsEntry("inferences", null);
    }

    @Test
    void secondarySuppressionAmongClinicianDecisionsLeavesNoLoneMaskedCell() {
        JsonPath answer = get(anonymous(), "/v1/usage?groupBy=region&" + DAY1);
        Map<String, Map<String, Object>> rows = byRegion(answer);
        assertThat(rows.get("r-b")).containsEntry("overridden", null).containsEntry("overriddenSuppressed", true)
                .containsEntry("overriddenRate", null);
        // r-b's 3 overrides cannot be rebuilt: not from its row (decisions minus the other actions: another action of
        // r-b is masked with it) nor from its column (the national overrides minus r-d's: r-d's are masked too).
        assertThat(List.of("accepted", "ignored").stream().filter(a -> rows.get("r-b").get(a) == null)).isNotEmpty();
        assertThat(rows.get("r-d")).containsEntry("overridden", null);
        assertNoSmallCount(answer);
    }

    @Test
    void aLabelledShareThatWouldRevealFiveUnlabelledInferencesIsMasked() {
        JsonPath answer = get(anonymous(), "/v1/usage?groupBy=site&region=r-b&" + DAY1);
        Map<String, Object> b1 = answer.getList("rows", Map.class).stream().map(r -> (Map<String, Object>) r)
                .filter(r -> "b1".equals(r.get("site"))).findFirst().orElseThrow();
        assertThat(b1).containsEntry("inferences", 40).containsEntry("labelledShare", null)
                .containsEntry("labelledShareSuppressed", true);
    }

    @Test
    void differencingTheAnswersOfSeveralQueriesDoesNotIsolateTheSmallRegion() {
        Set<String> regionsShown = new HashSet<>();
        long total = -1;
        for (String query : List.of("groupBy=region", "groupBy=site", "groupBy=site&region=r-c", "groupBy=site&region=r-b",
                "groupBy=site&site=c1", "interval=day")) {
            JsonPath answer = get(anonymous(), "/v1/usage?" + query + "&" + DAY1);
            assertNoSmallCount(answer);
            for (Map<String, Object> row : rows(answer)) {
                if (row.get("inferences") == null) {
                    continue;
                }
                if ("total".equals(row.get("rowKind"))) {
                    total = ((Number) row.get("inferences")).longValue();
                } else if (row.get("site") == null || "subtotal".equals(row.get("rowKind"))) {
                    regionsShown.add((String) row.get("region"));
                } else if (row.get("site") != null && "r-c".equals(row.get("region"))) {
                    regionsShown.add("r-c (its only site)");
                }
                assertThat(row.get("region")).as("nothing of r-a is ever shown").isNotEqualTo("r-a");
            }
        }
        // The national total minus every region shown anywhere leaves r-a together with at least one other region.
        assertThat(total).isEqualTo(160);
        assertThat(regionsShown).doesNotContain("r-a", "r-c", "r-c (its only site)").contains("r-b", "r-d");
    }

    @Test
    void aWeekIsShownOnlyWhereEveryOneOfItsDaysIs() {
        Map<String, Map<String, Object>> week = byRegion(get(anonymous(), "/v1/usage?groupBy=region&interval=week"
                + "&from=2025-06-02&to=2025-06-09"));
        // r-a had 5 then 20 (25 in the week): the week would give the masked day back, so it is masked too.
        assertThat(week.get("r-a")).containsEntry("inferences", null);
        assertThat(week.get("r-d")).containsEntry("inferences", 110);
    }

    @Test
    void csvIsOpenDataWithTheSameSuppression() {
        String csv = anonymous().accept("text/csv").get("/v1/usage?groupBy=region&" + DAY1).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        List<String> header = List.of(lines[0].split(","));
        assertThat(header).startsWith("bucket", "rowKind", "region", "inferences", "inferencesSuppressed");
        String ra = java.util.Arrays.stream(lines).filter(l -> l.contains(",r-a,")).findFirst().orElseThrow();
        String[] fields = ra.split(",", -1);
        assertThat(fields[header.indexOf("inferences")]).isEmpty();
        assertThat(fields[header.indexOf("inferencesSuppressed")]).isEqualTo("true");
        String dictionary = anonymous().accept("text/csv").get("/v1/open-data/dictionary").then().statusCode(200)
                .extract().asString();
        assertThat(dictionary).startsWith("column,endpoints,type,unit,description,disclosure").contains("\r\ninferences,");
        anonymous().accept("application/json").get("/v1/open-data/dictionary").then().statusCode(200)
                .body("threshold", equalTo(11)).body("columns.column", hasItem("labelledShare"));
    }

    @Test
    void badParametersAreProblemsThatNameTheParameter() {
        for (String[] bad : new String[][] {{"interval=fortnight", "/query/interval"}, {"groupBy=shoeSize", "/query/groupBy"},
                {"from=yesterday", "/query/from"}, {"size=100000", "/query/size"}, {"colour=blue", "/query/colour"},
                {"interval=hour", "/query/interval"}, {"groupBy=region,useCase", "/query/groupBy"},
                {"groupBy=region&useCase=diagnostic_imaging", "/query/useCase"}, {"region=%3Cscript%3E", "/query/region"},
                {"from=2025-06-03&to=2025-06-02", "/query/from"}}) {
            anonymous().get("/v1/usage?" + bad[0]).then().statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400)).body("errors.pointer", hasItem(bad[1]));
        }
        // Exact callers may ask for hours and cross-tables.
        given().auth().oauth2(TestTokens.authority("FR")).get("/v1/usage?interval=hour&groupBy=region,useCase&" + DAY1)
                .then().statusCode(200).body("disclosure", equalTo("exact"));
    }

    // ----------------------------------------------------------------

    static RequestSpecification anonymous() {
        return given().accept("application/json");
    }

    static JsonPath get(RequestSpecification spec, String path) {
        return spec.get(path).then().log().ifValidationFails().statusCode(200).extract().jsonPath();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(JsonPath answer) {
        return answer.getList("rows", Map.class).stream().map(r -> (Map<String, Object>) r).toList();
    }

    static Map<String, Map<String, Object>> byRegion(JsonPath answer) {
        Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
        for (Map<String, Object> row : rows(answer)) {
            out.put("total".equals(row.get("rowKind")) ? "total" : (String) row.get("region"), row);
        }
        return out;
    }

    /** The property every suppressed answer must have: no count from 1 to 10 anywhere. */
    static void assertNoSmallCount(JsonPath answer) {
        for (Map<String, Object> row : rows(answer)) {
            for (Map.Entry<String, Object> e : row.entrySet()) {
                if (row.containsKey(e.getKey() + "Suppressed") && e.getValue() instanceof Number n) {
                    assertThat(n.longValue()).as("%s in %s", e.getKey(), row).satisfiesAnyOf(
                            v -> assertThat(v).isZero(), v -> assertThat(v).isGreaterThanOrEqualTo(11));
                }
            }
        }
    }
}
