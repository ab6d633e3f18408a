package org.vigie.alert.api;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.vigie.alert.store.DeviceRecord;
import org.vigie.contracts.events.Alert;
import org.vigie.contracts.events.AlertStatus;
import org.vigie.contracts.events.Harm;

/**
 * An alert as a draft EU Manufacturer Incident Report, shaped after MIR form 7.3.1: administrative information
 * (report type, awareness date, classification, recipients), the device (UDI-DI, Basic UDI-DI), the incident
 * (IMDRF codes where the report gave them) and, explicitly, the fields Vigie cannot know and the manufacturer must
 * complete before submitting to EUDAMED. It is a draft in our own namespace, not the official XSD instance.
 */
public final class MirExport {

    public static final String NAMESPACE = "urn:vigie:mir:7.3.1";

    /** Fields of the MIR that only the manufacturer can fill in, and why. */
    static final List<String[]> TO_COMPLETE = List.of(
            new String[] {"manufacturerSrn", "the manufacturer's EUDAMED single registration number"},
            new String[] {"manufacturerContact", "the vigilance contact person"},
            new String[] {"healthcareFacility", "the facility where the incident occurred (Vigie holds only pseudonymous site ids)"},
            new String[] {"patientInformation", "age, sex, weight of the patient involved, if any (not held by Vigie)"},
            new String[] {"rootCauseAnalysis", "the manufacturer's investigation and its conclusion"},
            new String[] {"correctiveActions", "field safety corrective actions taken or planned"},
            new String[] {"imdrfCodesAnnexBCDG", "IMDRF cause investigation and component codes (Annexes B, C, D, G)"});

    private MirExport() {
    }

    public static String write(Alert alert, DeviceRecord device, Instant now) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeStartElement("mirReport");
            x.writeDefaultNamespace(NAMESPACE);
            x.writeAttribute("formVersion", "7.3.1");
            x.writeAttribute("status", "draft");

            x.writeStartElement("adminInfo");
            text(x, "reportType", alert.status() == AlertStatus.RESOLVED ? "final"
                    : alert.revision() > 1 ? "follow-up" : "initial");
            text(x, "awarenessDate", alert.awarenessDate().toString());
            text(x, "dateOfReport", now.toString());
            text(x, "incidentClassification", classification(alert));
            x.writeStartElement("recipients");
            for (Alert.Obligation o : alert.obligations()) {
                x.writeStartElement("recipient");
                x.writeAttribute("authority", o.authority());
                x.writeAttribute("regulation", o.regulation());
                x.writeAttribute("article", o.article());
                x.writeAttribute("deadline", o.deadline().toString());
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndElement();

            x.writeStartElement("manufacturer");
            text(x, "vigieManufacturerId", alert.manufacturerId());
            x.writeEndElement();

            x.writeStartElement("device");
            text(x, "vigieDeviceId", alert.deviceId());
            text(x, "udiDi", device == null ? null : device.udiDi);
            text(x, "basicUdiDi", device == null ? null : device.basicUdiDi);
            text(x, "tradeName", device == null ? null : device.deviceName);
            text(x, "softwareVersion", alert.modelVersion());
            x.writeEndElement();

            x.writeStartElement("incident");
            text(x, "vigieAlertId", alert.alertId().toString());
            text(x, "kind", alert.kind().name().toLowerCase(Locale.ROOT));
            text(x, "description", alert.title());
            text(x, "firstSeen", alert.firstSeen().toString());
            text(x, "occurrences", Long.toString(alert.occurrences()));
            x.writeStartElement("imdrfCodes");
            for (Object code : FhirExport.imdrfCodes(alert)) {
                x.writeStartElement("code");
                x.writeAttribute("annex", code.toString().substring(0, 1).toUpperCase(Locale.ROOT));
                x.writeCharacters(code.toString());
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndElement();

            x.writeStartElement("toBeCompletedByManufacturer");
            for (String[] field : TO_COMPLETE) {
                x.writeStartElement("field");
                x.writeAttribute("name", field[0]);
                x.writeCharacters(field[1]);
                x.writeEndElement();
            }
            x.writeEndElement();

            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the MIR draft", e);
        }
        return out.toString();
    }

    /** MIR 7.3.1 section 2 classification: public-health threat, death, unanticipated deterioration, other. */
    static String classification(Alert alert) {
        if (FhirExport.harm(alert) == Harm.DEATH) {
            return "death";
        }
        boolean twoDay = alert.obligations().stream().anyMatch(o -> o.article().contains("87(4)"));
        if (twoDay) {
            return "serious-public-health-threat";
        }
        boolean tenDay = alert.obligations().stream().anyMatch(o -> o.article().contains("87(5)"));
        return tenDay ? "unanticipated-serious-deterioration" : "other";
    }

    private static void text(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeStartElement(name);
        if (value != null) {
            x.writeCharacters(value);
        }
        x.writeEndElement();
    }
}
