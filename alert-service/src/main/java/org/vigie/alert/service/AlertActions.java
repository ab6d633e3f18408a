package org.vigie.alert.service;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.vigie.alert.domain.AlertLifecycle;
import org.vigie.alert.domain.IllegalAlertTransitionException;
import org.vigie.alert.store.AlertRecord;
import org.vigie.alert.store.DelimitedList;
import org.vigie.contracts.events.Alert;
import org.vigie.contracts.http.Caller;
import org.vigie.contracts.http.ProblemException;

/** What users do to alerts: acknowledge and resolve, each a new revision, audited with its note. */
@ApplicationScoped
public class AlertActions {

    private final AlertDocuments documents;
    private final RevisionPublisher publisher;
    private final AlertIntake intake;
    private final Clock clock;

    public AlertActions(AlertDocuments documents, RevisionPublisher publisher, AlertIntake intake, Clock clock) {
        this.documents = documents;
        this.publisher = publisher;
        this.intake = intake;
        this.clock = clock;
    }

    /** The alert if the caller may see it; 404 otherwise, whether it exists or not. */
    public static Uni<AlertRecord> visible(UUID alertId, Caller caller) {
        return AlertRecord.<AlertRecord>findById(alertId).map(a -> seen(a, alertId, caller));
    }

    /** Same, locked for update until the transaction ends ({@link AlertRecord#forUpdate}). */
    private static Uni<AlertRecord> visibleForUpdate(UUID alertId, Caller caller) {
        return AlertRecord.forUpdate("alertId = ?1", alertId)
                .map(found -> seen(found.isEmpty() ? null : found.get(0), alertId, caller));
    }

    private static AlertRecord seen(AlertRecord a, UUID alertId, Caller caller) {
        if (a == null || !caller.canSee(a.manufacturerId, DelimitedList.read(a.jurisdictions))) {
            throw ProblemException.notFound("Alert " + alertId);
        }
        return a;
    }

    @WithSpan("alert.acknowledge")
    public Uni<Alert> acknowledge(UUID alertId, Caller caller, String note) {
        return change(alertId, caller, note, "alert.acknowledged", (l, at) -> l.acknowledge(at, note));
    }

    @WithSpan("alert.resolve")
    public Uni<Alert> resolve(UUID alertId, Caller caller, String note) {
        return change(alertId, caller, note, "alert.resolved", (l, at) -> l.resolve(at, note));
    }

    private interface Transition {
        AlertLifecycle apply(AlertLifecycle lifecycle, Instant at);
    }

    private Uni<Alert> change(UUID alertId, Caller caller, String note, String action, Transition transition) {
        if (note == null || note.isBlank()) {
            throw ProblemException.badRequest("note-required", "A note is required: say why.",
                    List.of(new org.vigie.contracts.api.Problem.FieldError("/note", "required")));
        }
        return Panache.withTransaction(() -> visibleForUpdate(alertId, caller).chain(a -> {
            if (!caller.actsFor(a.manufacturerId)) {
                throw ProblemException.forbidden("Only the device's manufacturer acknowledges or resolves its alerts.");
            }
            Instant now = clock.instant();
            AlertLifecycle next;
            try {
                next = transition.apply(documents.lifecycle(a), now);
            } catch (IllegalAlertTransitionException e) {
                throw ProblemException.conflict(e.getMessage());
            }
            AlertDocuments.apply(a, next);
            a.revision++;
            a.updatedAt = now;
            Alert alert = documents.toAlert(a);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("note", next.lastNote());
            String actor = caller.subject() == null ? "unknown" : caller.subject();
            return publisher.publish(List.of(new RevisionPublisher.Revision(alert, actor, action, details)))
                    .replaceWith(alert);
        })).invoke(alert -> intake.afterCommit(List.of(alert)));
    }
}
