package org.vigie.alert.it;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.DeviceRegulation;
import org.vigie.contracts.events.DriftSignal;
import org.vigie.contracts.events.FeedbackCategory;
import org.vigie.contracts.events.FeedbackEvent;
import org.vigie.contracts.events.Harm;
import org.vigie.contracts.events.ReporterRole;
import org.vigie.contracts.events.RiskClass;
import org.vigie.contracts.events.Severity;
import org.vigie.contracts.events.SignalKind;
import org.vigie.contracts.events.UseCase;
import org.vigie.contracts.events.WindowKind;
import org.vigie.contracts.topics.Topics;
import org.vigie.testkit.TestTokens;
import org.vigie.testkit.TopicProbe;

/** Devices, signals and reports for the integration tests, each test with its own ids. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static DeviceRegistration device(String deviceId, String manufacturerId, String... jurisdictions) {
        return new DeviceRegistration(1, deviceId, "0" + Math.abs(deviceId.hashCode()) + "12345", "BUDI-" + deviceId,
                manufacturerId, "Mammo Screen AI", "mammo-net", "2.1.0", UseCase.DIAGNOSTIC_IMAGING, RiskClass.IIB,
                DeviceRegulation.MDR, "Breast cancer screening support", List.of(jurisdictions), 0.5, List.of(),
                List.of(), List.of(), null, Instant.parse("2025-01-01T00:00:00Z"));
    }

    public static DriftSignal belowClaim(String deviceId, String subgroup) {
        Instant now = Instant.now();
        return new DriftSignal(1, UUID.randomUUID(), deviceId + "/2.1.0/performance_below_claim/sensitivity/" + subgroup,
                deviceId, "2.1.0", null, SignalKind.PERFORMANCE_BELOW_CLAIM, Severity.HIGH, "sensitivity", null,
                subgroup, new DriftSignal.Window(WindowKind.TIME, now.minus(Duration.ofDays(30)), now, 1200L),
                "wilson", 0.80, 0.90, new DriftSignal.Interval(0.76, 0.84, 0.95, "wilson"), 0.001,
                new DriftSignal.SampleSizes(1200, 5000L, 300L, 900L, 0.9), "claim", false, Map.of(), now);
    }

    public static FeedbackEvent report(String deviceId, Harm harm, FeedbackCategory category) {
        return new FeedbackEvent(FeedbackEvent.TYPE, 1, UUID.randomUUID(), deviceId, "2.1.0", "site-12", "IDF",
                Instant.now(), ReporterRole.PHYSICIAN, category, harm, "Missed lesion on a follow-up image.",
                List.of("A0501", "E0101"));
    }

    /** Registers devices and waits until the service knows them (an alert needs its owner). */
    public static void register(DeviceRegistration... registrations) {
        Map<String, DeviceRegistration> records = new LinkedHashMap<>();
        for (DeviceRegistration r : registrations) {
            records.put(r.deviceId(), r);
        }
        TopicProbe.send(Topics.DEVICE_REGISTRATIONS, records);
        Eventually.until("devices registered", () -> registrations.length == Devices.known(records.keySet()));
    }

    public static void send(DriftSignal signal) {
        TopicProbe.send(Topics.DRIFT_SIGNALS, Map.of(signal.deviceId(), signal));
    }

    public static void send(FeedbackEvent report) {
        TopicProbe.send(Topics.FEEDBACK, Map.of(report.deviceId(), report));
    }

    /** Registers the device (marketed in France), sends a below-claim signal for one subgroup, returns its alert's id. */
    public static String alertBelowClaim(String deviceId, String manufacturerId, String subgroup) {
        register(device(deviceId, manufacturerId, "FR"));
        send(belowClaim(deviceId, subgroup));
        return awaitAlert(deviceId);
    }

    /** Waits for the alert of a device to appear in the API (as admin) and returns its id. */
    public static String awaitAlert(String deviceId) {
        String[] id = new String[1];
        Eventually.until("an alert for " + deviceId, () -> {
            List<String> ids = given().auth().oauth2(TestTokens.admin()).queryParam("deviceId", deviceId)
                    .get("/v1/alerts").then().statusCode(200).extract().jsonPath().getList("items.alertId");
            if (ids.isEmpty()) {
                return false;
            }
            id[0] = ids.get(0);
            return true;
        });
        return id[0];
    }

    public static Map<String, Object> subscribe(String token, String callbackUrl, Map<String, Object> filters) {
        Map<String, Object> body = new LinkedHashMap<>(filters);
        body.put("callbackUrl", callbackUrl);
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/v1/subscriptions").then().statusCode(201).extract().jsonPath().getMap("$");
    }
}
