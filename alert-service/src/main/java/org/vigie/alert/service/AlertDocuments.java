package org.vigie.alert.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigie.alert.domain.AlertLifecycle;
import org.vigie.alert.domain.IncidentFlag;
import org.vigie.alert.domain.regulatory.AlertFacts;
import org.vigie.alert.domain.regulatory.ObligationAssessment;
import org.vigie.alert.domain.regulatory.RegulatoryObligations;
import org.vigie.alert.store.AlertRecord;
import org.vigie.alert.store.DelimitedList;
import org.vigie.contracts.events.Alert;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.events.AlertStatus;
import org.vigie.contracts.events.DeviceRegulation;
import org.vigie.contracts.events.FeedbackCategory;
import org.vigie.contracts.events.Harm;
import org.vigie.contracts.events.Severity;
import org.vigie.contracts.events.VigieEvent;
import org.vigie.contracts.json.VigieJson;

/** Reads a stored alert as domain values (lifecycle, regulatory facts) and as the published {@link Alert}. */
@ApplicationScoped
public class AlertDocuments {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final RegulatoryObligations obligations;
    private final Clock clock;
    private final ObjectMapper json = VigieJson.mapper();

    public AlertDocuments(RegulatoryObligations obligations, Clock clock) {
        this.obligations = obligations;
        this.clock = clock;
    }

    public AlertLifecycle lifecycle(AlertRecord r) {
        return new AlertLifecycle(AlertStatus.valueOf(r.status), r.occurrences, r.firstSeen, r.lastSeen,
                r.reopenings, r.acknowledgedAt, r.resolvedAt, r.lastNote);
    }

    public static void apply(AlertRecord r, AlertLifecycle lifecycle) {
        r.status = lifecycle.status().name();
        r.occurrences = lifecycle.occurrences();
        r.firstSeen = lifecycle.firstSeen();
        r.lastSeen = lifecycle.lastSeen();
        r.reopenings = lifecycle.reopenings();
        r.acknowledgedAt = lifecycle.acknowledgedAt();
        r.resolvedAt = lifecycle.resolvedAt();
        r.lastNote = lifecycle.lastNote();
    }

    public AlertFacts facts(AlertRecord r) {
        AlertKind kind = AlertKind.valueOf(r.kind);
        Set<IncidentFlag> flags = EnumSet.noneOf(IncidentFlag.class);
        DelimitedList.read(r.flags).forEach(f -> flags.add(IncidentFlag.valueOf(f)));
        FeedbackCategory category = kind == AlertKind.FIELD_REPORT && r.category != null
                ? FeedbackCategory.valueOf(r.category) : null;
        Harm harm = r.harm == null ? Harm.NONE : Harm.valueOf(r.harm);
        return new AlertFacts(kind, harm, category, flags, DeviceRegulation.valueOf(r.regulation),
                DelimitedList.read(r.jurisdictions), r.awarenessDate);
    }

    public ObligationAssessment assess(AlertRecord r) {
        return obligations.assess(facts(r));
    }

    public Alert toAlert(AlertRecord r) {
        Instant now = clock.instant();
        List<Alert.Obligation> duties = assess(r).obligations().stream()
                .map(o -> new Alert.Obligation(o.regulation().name(), o.article(), o.recipient().code(), o.dueBy(),
                        o.isOverdue(now), o.ethicsChannel(), o.reason()))
                .toList();
        return new Alert(VigieEvent.CURRENT_SCHEMA_VERSION, r.alertId, r.revision, r.deviceId, r.modelVersion,
                r.manufacturerId, DelimitedList.read(r.jurisdictions), AlertKind.valueOf(r.kind),
                Severity.valueOf(r.severity), AlertStatus.valueOf(r.status), r.title, r.conditionKey,
                readMap(r.evidence), r.firstSeen, r.lastSeen, r.occurrences, r.awarenessDate, duties, r.updatedAt);
    }

    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    public Map<String, Object> readMap(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    public Map<String, Object> toMap(Object value) {
        return json.convertValue(value, MAP);
    }
}
