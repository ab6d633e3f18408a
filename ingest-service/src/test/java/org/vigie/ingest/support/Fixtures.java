package org.vigie.ingest.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.vigie.contracts.json.ContractExamples;
import org.vigie.contracts.json.EventContract;
import org.vigie.contracts.json.VigieJson;
import org.vigie.testkit.TestTokens;

/** Test data from the contracts' own examples, made unique and current; and the calls that use it. */
public final class Fixtures {

    public static final String MODEL_VERSION = "2.1.0";
    public static final String VALID_GTIN = "03760123450010";

    private Fixtures() {
    }

    /** A unique id for a test's device or manufacturer, so test classes sharing a database never collide. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A valid registration (the mammography example) for this device, manufacturer and version. */
    public static ObjectNode registration(String deviceId, String manufacturerId, String modelVersion) {
        ObjectNode r = (ObjectNode) read(ContractExamples.valid(EventContract.DEVICE_REGISTRATION).stream()
                .filter(e -> e.file().contains("mammography")).findFirst().orElseThrow().json());
        r.put("deviceId", deviceId).put("manufacturerId", manufacturerId).put("modelVersion", modelVersion);
        r.remove("registeredAt");
        // Pinned here rather than read from the example, so the registry tests do not depend on it.
        r.put("udiDi", VALID_GTIN);
        return r;
    }

    /** Registers a device through the API, as its manufacturer. */
    public static void register(String deviceId, String manufacturerId, String... modelVersions) {
        for (String version : modelVersions.length == 0 ? new String[] {MODEL_VERSION} : modelVersions) {
            given().auth().oauth2(TestTokens.manufacturer(manufacturerId)).contentType(ContentType.JSON)
                    .body(registration(deviceId, manufacturerId, version).toString())
                    .post("/v1/devices").then().log().ifValidationFails().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        }
    }

    /** A valid event of this type (from the contract's first valid example), new eventId, happening now. */
    public static ObjectNode event(EventContract contract, String deviceId) {
        ObjectNode e = (ObjectNode) read(ContractExamples.first(contract));
        e.put("eventId", UUID.randomUUID().toString()).put("deviceId", deviceId);
        String now = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS).toString();
        for (String time : List.of("occurredAt", "observedAt", "reportedAt")) {
            if (e.has(time)) {
                e.put(time, now);
            }
        }
        if (e.has("modelVersion")) {
            e.put("modelVersion", MODEL_VERSION);
        }
        return e;
    }

    public static ObjectNode inference(String deviceId) {
        return event(EventContract.INFERENCE, deviceId);
    }

    public static ArrayNode inferences(String deviceId, int n) {
        ArrayNode batch = VigieJson.mapper().createArrayNode();
        for (int i = 0; i < n; i++) {
            batch.add(inference(deviceId));
        }
        return batch;
    }

    public static ArrayNode batch(JsonNode... events) {
        ArrayNode batch = VigieJson.mapper().createArrayNode();
        for (JsonNode e : events) {
            batch.add(e);
        }
        return batch;
    }

    /** Posts a JSON batch with a device token. */
    public static Response post(String token, JsonNode batch) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(batch.toString()).post("/v1/events").then().log().ifValidationFails().extract().response();
    }

    public static JsonNode read(String json) {
        try {
            return VigieJson.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** How many of these eventIds the idempotency ledger holds (read straight from PostgreSQL). */
    public static int ledgerRows(java.util.Set<String> eventIds) throws java.sql.SQLException {
        try (java.sql.Connection c = IngestTestResource.database();
             java.sql.PreparedStatement s = c.prepareStatement(
                     "select count(*) from ingest.seen_event where event_id = any(?::uuid[])")) {
            s.setArray(1, c.createArrayOf("text", eventIds.toArray()));
            try (java.sql.ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
