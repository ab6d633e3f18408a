package org.vigie.alert.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import ca.uhn.fhir.context.FhirContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.vigie.alert.api.FhirExport;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.events.FeedbackCategory;
import org.vigie.contracts.events.Harm;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.vigie.testkit.PostgresServer;
import org.vigie.testkit.TestTokens;
import org.vigie.testkit.VigieTestResource;
import org.w3c.dom.Document;

/** Regulatory exports parse back with the device identifiers; the audit trail cannot be rewritten unseen. */
@QuarkusTest
@WithTestResource(VigieTestResource.class)
class ExportAndAuditTest {

    @Test
    void a_signal_exports_as_an_r5_detected_issue_about_the_device() {
        String manufacturer = Fixtures.unique("mfr");
        String deviceId = Fixtures.unique("dev");
        DeviceRegistration device = Fixtures.device(deviceId, manufacturer, "FR");
        Fixtures.register(device);
        Fixtures.send(Fixtures.belowClaim(deviceId, "sex=F"));
        String alertId = Fixtures.awaitAlert(deviceId);
        String json = given().auth().oauth2(TestTokens.manufacturer(manufacturer)).get("/v1/alerts/" + alertId + "/fhir")
                .then().statusCode(200).extract().asString();
        var issue = FhirContext.forR5Cached().newJsonParser()
                .parseResource(org.hl7.fhir.r5.model.DetectedIssue.class, json);
        assertThat(issue.getIdentifierFirstRep().getValue()).isEqualTo(alertId);
        var subject = (org.hl7.fhir.r5.model.Device) issue.getSubject().getResource();
        assertThat(subject.getUdiCarrierFirstRep().getDeviceIdentifier()).isEqualTo(device.udiDi());
        assertThat(subject.getIdentifier()).anySatisfy(i -> {
            assertThat(i.getSystem()).isEqualTo(FhirExport.BASIC_UDI_DI_SYSTEM);
            assertThat(i.getValue()).isEqualTo(device.basicUdiDi());
        });
    }

    @Test
    void a_field_report_exports_as_an_r4_adverse_event_and_a_mir_draft() throws Exception {
        String manufacturer = Fixtures.unique("mfr");
        String deviceId = Fixtures.unique("dev");
        DeviceRegistration device = Fixtures.device(deviceId, manufacturer, "FR");
        Fixtures.register(device);
        Fixtures.send(Fixtures.report(deviceId, Harm.DEATH, FeedbackCategory.WRONG_OUTPUT));
        String alertId = Fixtures.awaitAlert(deviceId);
        String token = TestTokens.authority("FR");
        String json = given().auth().oauth2(token).get("/v1/alerts/" + alertId + "/fhir").then().statusCode(200)
                .extract().asString();
        var event = FhirContext.forR4Cached().newJsonParser()
                .parseResource(org.hl7.fhir.r4.model.AdverseEvent.class, json);
        assertThat(event.getIdentifier().getValue()).isEqualTo(alertId);
        assertThat(event.getOutcome().getCodingFirstRep().getCode()).isEqualTo("fatal");
        var suspect = (org.hl7.fhir.r4.model.Device) event.getSuspectEntityFirstRep().getInstance().getResource();
        assertThat(suspect.getUdiCarrierFirstRep().getDeviceIdentifier()).isEqualTo(device.udiDi());
        assertThat(event.getEvent().getCoding()).extracting(c -> c.getCode()).contains("A0501", "E0101");

        String xml = given().auth().oauth2(token).get("/v1/alerts/" + alertId + "/mir").then().statusCode(200)
                .extract().asString();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        XPath x = XPathFactory.newInstance().newXPath();
        assertThat(x.evaluate("/*[local-name()='mirReport']/*[local-name()='device']/*[local-name()='udiDi']", doc))
                .isEqualTo(device.udiDi());
        assertThat(x.evaluate("//*[local-name()='basicUdiDi']", doc)).isEqualTo(device.basicUdiDi());
        assertThat(x.evaluate("//*[local-name()='incidentClassification']", doc)).isEqualTo("death");
        assertThat(x.evaluate("//*[local-name()='reportType']", doc)).isEqualTo("initial");
        assertThat(x.evaluate("//*[local-name()='code'][@annex='E']", doc)).isEqualTo("E0101");
        assertThat(x.evaluate("count(//*[local-name()='toBeCompletedByManufacturer']/*)", doc)).isNotEqualTo("0");
    }

    @Test
    void the_audit_log_refuses_updates_and_a_tampered_row_is_found_by_verify() throws SQLException {
        String manufacturer = Fixtures.unique("mfr");
        String deviceId = Fixtures.unique("dev");
        Fixtures.alertBelowClaim(deviceId, manufacturer, "sex=F");
        given().auth().oauth2(TestTokens.admin()).get("/v1/audit/verify").then().statusCode(200)
                .body("ok", equalTo(true));

        try (Connection c = PostgresServer.get().open(); Statement s = c.createStatement()) {
            // The application's statements cannot rewrite history: the trigger refuses, whoever asks.
            assertThatThrownBy(() -> s.executeUpdate("update alert.audit_log set actor = 'x' where sequence = 1"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("delete from alert.audit_log where sequence = 1"))
                    .hasMessageContaining("append-only");
            // An attacker with the owner's rights can switch the trigger off; the chain still tells.
            s.execute("alter table alert.audit_log disable trigger audit_log_no_update");
            try {
                s.executeUpdate("update alert.audit_log set subject = subject || 'x' "
                        + "where sequence = (select min(sequence) from alert.audit_log where action = 'alert.opened')");
                var broken = given().auth().oauth2(TestTokens.admin()).get("/v1/audit/verify").then().statusCode(200)
                        .body("ok", equalTo(false)).extract().jsonPath();
                assertThat(broken.getString("reason")).contains("hash mismatch");
                assertThat(broken.getLong("brokenAtSequence")).isPositive();
            } finally {
                s.executeUpdate("update alert.audit_log set subject = left(subject, length(subject) - 1) "
                        + "where sequence = (select min(sequence) from alert.audit_log where action = 'alert.opened')");
                s.execute("alter table alert.audit_log enable trigger audit_log_no_update");
            }
        }
        given().auth().oauth2(TestTokens.admin()).get("/v1/audit/verify").then().statusCode(200)
                .body("ok", equalTo(true));
    }
}
