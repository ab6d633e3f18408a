package org.vigie.drift;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.vigie.testkit.ServiceConventions;
import org.vigie.testkit.VigieTestResource;

@QuarkusTest
@WithTestResource(value = VigieTestResource.class, initArgs = @ResourceArg(name = "postgres", value = "false"))
class ServiceConventionsTest extends ServiceConventions {

    @Override
    protected String[] readinessChecks() {
        return new String[] {"Kafka Streams", "Kafka", "drift stream progress"};
    }

    @Test
    void the_stall_gauge_is_exported_and_zero_for_a_healthy_stream() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("vigie_drift_stream_stalled_seconds")).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(java.util.regex.Pattern.compile(
                        "(?m)^vigie_drift_stream_stalled_seconds(\\{[^}]*\\})? 0(\\.0)?$").matcher(metrics).find(),
                "the stall gauge reads 0 on a healthy stream");
    }

    @Override
    protected String protectedPath() {
        return "/v1/drift/devices/any-device";
    }
}
