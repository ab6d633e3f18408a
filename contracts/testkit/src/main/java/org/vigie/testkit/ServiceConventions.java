package org.vigie.testkit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * What every Vigie service promises, checked on the running application: readiness that really checks
 * its Kafka (and PostgreSQL where used), Prometheus metrics, an OpenAPI document, and RFC 9457 problems
 * for unknown paths and missing credentials. A service's test extends this with its own annotations:
 * {@code @QuarkusTest @WithTestResource(VigieTestResource.class)}.
 */
public abstract class ServiceConventions {

    /** The names of the readiness checks this service must report UP, e.g. a Kafka and a database check. */
    protected abstract String[] readinessChecks();

    /** A path of the service's API that requires a bearer token (GET). */
    protected abstract String protectedPath();

    @Test
    void readiness_is_up_and_checks_the_real_infrastructure() {
        var response = given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"));
        for (String check : readinessChecks()) {
            response.body("checks.name", hasItem(containsString(check)));
        }
    }

    @Test
    void liveness_is_up() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metrics_are_exposed_in_prometheus_format() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void the_api_is_documented() {
        given().accept("application/json").when().get("/q/openapi").then().statusCode(200)
                .body("openapi", notNullValue()).body("paths", notNullValue());
    }

    @Test
    void an_unknown_path_is_a_problem_not_a_page() {
        given().when().get("/v1/no-such-thing").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void the_api_refuses_a_caller_without_a_token_with_a_problem() {
        given().accept(ContentType.JSON).when().get(protectedPath()).then().statusCode(401)
                .contentType("application/problem+json").body("status", equalTo(401));
    }

    @Test
    void the_api_refuses_a_token_signed_by_someone_else() {
        String forged = TestTokens.forgedAdmin();
        given().auth().oauth2(forged).accept(ContentType.JSON).when().get(protectedPath()).then().statusCode(401);
    }
}
