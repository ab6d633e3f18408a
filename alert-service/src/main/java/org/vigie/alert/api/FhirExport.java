package org.vigie.alert.api;

import ca.uhn.fhir.context.FhirContext;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.vigie.alert.store.DeviceRecord;
import org.vigie.contracts.events.Alert;
import org.vigie.contracts.events.AlertStatus;
import org.vigie.contracts.events.Harm;

/**
 * Alerts as FHIR: an R5 {@code DetectedIssue} with the device as subject for statistical findings; an R4
 * {@code AdverseEvent} with the device as suspect entity for field reports (what hospital vigilance systems
 * exchange today). The device carries its Vigie id, UDI-DI and Basic UDI-DI.
 */
public final class FhirExport {

    public static final String ALERT_SYSTEM = "urn:vigie:alert";
    public static final String DEVICE_SYSTEM = "urn:vigie:device";
    public static final String BASIC_UDI_DI_SYSTEM = "urn:vigie:basic-udi-di";
    public static final String KIND_SYSTEM = "https://vigie.org/fhir/CodeSystem/alert-kind";
    public static final String IMDRF_SYSTEM = "https://www.imdrf.org/documents/terminologies-categorized-adverse-event-reporting-aer";

    private static final FhirContext R5 = FhirContext.forR5Cached();
    private static final FhirContext R4 = FhirContext.forR4Cached();

    private FhirExport() {
    }

    public static String detectedIssue(Alert alert, DeviceRecord device) {
        var issue = new org.hl7.fhir.r5.model.DetectedIssue();
        issue.setId(alert.alertId().toString());
        issue.addIdentifier().setSystem(ALERT_SYSTEM).setValue(alert.alertId().toString());
        issue.setStatus(alert.status() == AlertStatus.RESOLVED
                ? org.hl7.fhir.r5.model.DetectedIssue.DetectedIssueStatus.MITIGATED
                : org.hl7.fhir.r5.model.DetectedIssue.DetectedIssueStatus.PRELIMINARY);
        issue.setSeverity(switch (alert.severity()) {
            case CRITICAL, HIGH -> org.hl7.fhir.r5.model.DetectedIssue.DetectedIssueSeverity.HIGH;
            case MEDIUM -> org.hl7.fhir.r5.model.DetectedIssue.DetectedIssueSeverity.MODERATE;
            default -> org.hl7.fhir.r5.model.DetectedIssue.DetectedIssueSeverity.LOW;
        });
        issue.getCode().addCoding().setSystem(KIND_SYSTEM).setCode(code(alert)).setDisplay(alert.title());
        issue.setIdentified(new org.hl7.fhir.r5.model.DateTimeType(Date.from(alert.awarenessDate())));
        issue.setDetail(alert.title() + " — " + alert.occurrences() + " occurrence(s) since " + alert.firstSeen());
        issue.setSubject(new org.hl7.fhir.r5.model.Reference(r5Device(alert, device)));
        return R5.newJsonParser().encodeResourceToString(issue);
    }

    public static String adverseEvent(Alert alert, DeviceRecord device) {
        var event = new org.hl7.fhir.r4.model.AdverseEvent();
        event.setId(alert.alertId().toString());
        event.setIdentifier(new org.hl7.fhir.r4.model.Identifier().setSystem(ALERT_SYSTEM)
                .setValue(alert.alertId().toString()));
        event.setActuality(org.hl7.fhir.r4.model.AdverseEvent.AdverseEventActuality.ACTUAL);
        event.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/adverse-event-category")
                .setCode("product-problem");
        var what = event.getEvent();
        what.setText(alert.title());
        for (Object code : imdrfCodes(alert)) {
            what.addCoding().setSystem(IMDRF_SYSTEM).setCode(code.toString());
        }
        // Vigie holds no patient identity: the subject is named only as pseudonymous.
        event.setSubject(new org.hl7.fhir.r4.model.Reference().setDisplay("pseudonymous patient"));
        event.setDate(Date.from(alert.firstSeen()));
        event.setRecordedDate(Date.from(alert.awarenessDate()));
        Harm harm = harm(alert);
        boolean serious = harm == Harm.SERIOUS || harm == Harm.DEATH;
        event.getSeriousness().addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/adverse-event-seriousness")
                .setCode(serious ? "serious" : "non-serious");
        if (harm == Harm.DEATH) {
            event.getOutcome().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/adverse-event-outcome")
                    .setCode("fatal");
        }
        event.addSuspectEntity().setInstance(new org.hl7.fhir.r4.model.Reference(r4Device(alert, device)));
        return R4.newJsonParser().encodeResourceToString(event);
    }

    private static org.hl7.fhir.r5.model.Device r5Device(Alert alert, DeviceRecord device) {
        var d = new org.hl7.fhir.r5.model.Device();
        d.addIdentifier().setSystem(DEVICE_SYSTEM).setValue(alert.deviceId());
        if (device != null && device.basicUdiDi != null) {
            d.addIdentifier().setSystem(BASIC_UDI_DI_SYSTEM).setValue(device.basicUdiDi);
        }
        if (device != null && device.udiDi != null) {
            d.addUdiCarrier().setDeviceIdentifier(device.udiDi).setIssuer("urn:vigie:udi-issuer");
        }
        if (device != null && device.deviceName != null) {
            d.addName().setValue(device.deviceName)
                    .setType(org.hl7.fhir.r5.model.Enumerations.DeviceNameType.REGISTEREDNAME);
        }
        d.addVersion().setValue(alert.modelVersion());
        return d;
    }

    private static org.hl7.fhir.r4.model.Device r4Device(Alert alert, DeviceRecord device) {
        var d = new org.hl7.fhir.r4.model.Device();
        d.addIdentifier().setSystem(DEVICE_SYSTEM).setValue(alert.deviceId());
        if (device != null && device.basicUdiDi != null) {
            d.addIdentifier().setSystem(BASIC_UDI_DI_SYSTEM).setValue(device.basicUdiDi);
        }
        if (device != null && device.udiDi != null) {
            d.addUdiCarrier().setDeviceIdentifier(device.udiDi);
        }
        d.addVersion().setValue(alert.modelVersion());
        return d;
    }

    static String code(Alert alert) {
        return alert.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static List<?> imdrfCodes(Alert alert) {
        Object codes = alert.evidence().get("imdrfCodes");
        return codes instanceof List<?> list ? list : List.of();
    }

    static Harm harm(Alert alert) {
        Object harm = alert.evidence().get("harm");
        if (harm == null) {
            return Harm.NONE;
        }
        try {
            return Harm.valueOf(harm.toString().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Harm.NONE;
        }
    }
}
