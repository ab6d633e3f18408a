package org.vigie.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.vigie.ingest.support.Fixtures;
import org.vigie.ingest.support.IngestTestResource;
import org.vigie.testkit.TestTokens;

/** Device credentials: issued by the manufacturer for its own device, scoped to it, revocable at once. */
@QuarkusTest
@WithTestResource(IngestTestResource.class)
class DeviceTokenTest {

    @Test
    void an_issued_token_posts_for_its_device_and_stops_working_once_revoked() {
        String manufacturer = Fixtures.unique("acme");
        String device = Fixtures.unique("mammo");
        Fixtures.register(device, manufacturer);
        String owner = TestTokens.manufacturer(manufacturer);

        var issued = given().auth().oauth2(owner).post("/v1/devices/" + device + "/tokens").then().statusCode(201)
                .body("deviceId", equalTo(device)).body("token", notNullValue()).extract();
        String token = issued.path("token");
        String tokenId = issued.path("tokenId");

        given().auth().oauth2(token).get("/v1/whoami").then().statusCode(200)
                .body("deviceId", equalTo(device)).body("manufacturerId", equalTo(manufacturer));
        Fixtures.post(token, Fixtures.batch(Fixtures.inference(device))).then().statusCode(200).body("accepted", equalTo(1));
        given().auth().oauth2(owner).get("/v1/devices/" + device + "/tokens").then().statusCode(200)
                .body("tokenId", equalTo(java.util.List.of(tokenId))).body("[0].token", org.hamcrest.Matchers.nullValue());

        given().auth().oauth2(owner).delete("/v1/devices/" + device + "/tokens/" + tokenId).then().statusCode(204);
        Fixtures.post(token, Fixtures.batch(Fixtures.inference(device))).then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
        given().auth().oauth2(token).get("/v1/whoami").then().statusCode(401);
    }

    @Test
    void only_the_devices_manufacturer_issues_and_revokes_its_tokens() {
        String manufacturer = Fixtures.unique("acme");
        String device = Fixtures.unique("mammo");
        Fixtures.register(device, manufacturer);
        String rival = TestTokens.manufacturer(Fixtures.unique("rival"));
        given().auth().oauth2(rival).post("/v1/devices/" + device + "/tokens").then().statusCode(404)
                .contentType("application/problem+json");
        String tokenId = given().auth().oauth2(TestTokens.manufacturer(manufacturer))
                .post("/v1/devices/" + device + "/tokens").then().statusCode(201).extract().path("tokenId");
        given().auth().oauth2(rival).delete("/v1/devices/" + device + "/tokens/" + tokenId).then().statusCode(404);
        given().auth().oauth2(rival).get("/v1/devices/" + device + "/tokens").then().statusCode(404);
        given().auth().oauth2(TestTokens.device(device, manufacturer)).post("/v1/devices/" + device + "/tokens")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.admin()).post("/v1/devices/" + device + "/tokens").then().statusCode(201);
    }
}
