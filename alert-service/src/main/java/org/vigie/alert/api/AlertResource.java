package org.vigie.alert.api;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.vigie.alert.service.AlertActions;
import org.vigie.alert.service.AlertDocuments;
import org.vigie.alert.service.AlertEvents;
import org.vigie.alert.service.AlertScope;
import org.vigie.alert.service.AuditTrail;
import org.vigie.alert.store.AlertRecord;
import org.vigie.contracts.api.Problem;
import org.vigie.contracts.events.Alert;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.events.AlertStatus;
import org.vigie.contracts.events.Severity;
import org.vigie.contracts.http.Caller;
import org.vigie.contracts.http.CurrentCaller;
import org.vigie.contracts.http.ProblemException;

/** Alerts: list, read, acknowledge, resolve, history and a live stream, all scoped to the caller. */
@Path("/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
// Any authenticated caller: what it may not see is answered 404, whatever its role.
@Authenticated
public class AlertResource {

    static final int MAX_PAGE_SIZE = 200;

    /** A page of alerts, newest change first. */
    public record AlertPage(List<Alert> items, int page, int size, long total) {
    }

    /** The note that acknowledging or resolving requires. */
    public record Note(String note) {
    }

    /** One entry of an alert's history, from the audit trail. */
    public record HistoryEntry(long sequence, Instant at, String actor, String action, Map<String, Object> details) {
    }

    private final CurrentCaller caller;
    private final AlertDocuments documents;
    private final AlertActions actions;
    private final AlertEvents events;
    private final AuditTrail audit;

    public AlertResource(CurrentCaller caller, AlertDocuments documents, AlertActions actions, AlertEvents events,
                         AuditTrail audit) {
        this.caller = caller;
        this.documents = documents;
        this.actions = actions;
        this.events = events;
        this.audit = audit;
    }

    @GET
    public Uni<AlertPage> list(@QueryParam("deviceId") String deviceId, @QueryParam("kind") String kind,
                               @QueryParam("severity") String severity,
                               @QueryParam("minSeverity") String minSeverity,
                               @QueryParam("status") String status, @QueryParam("since") String since,
                               @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        List<Problem.FieldError> errors = new ArrayList<>();
        AlertScope scope = AlertScope.of(caller.get());
        StringBuilder where = new StringBuilder(scope.condition());
        Parameters p = scope.parameters();
        if (deviceId != null) {
            where.append(" and deviceId = :deviceId");
            p.and("deviceId", deviceId);
        }
        if (kind != null) {
            AlertKind k = parse(AlertKind.class, kind, "kind", errors);
            where.append(" and kind = :kind");
            p.and("kind", k == null ? "" : k.name());
        }
        if (severity != null) {
            Severity s = parse(Severity.class, severity, "severity", errors);
            where.append(" and severity = :severity");
            p.and("severity", s == null ? "" : s.name());
        }
        if (minSeverity != null) {
            Severity s = parse(Severity.class, minSeverity, "minSeverity", errors);
            where.append(" and severityRank >= :rank");
            p.and("rank", s == null ? 0 : s.ordinal());
        }
        if (status != null) {
            AlertStatus s = parse(AlertStatus.class, status, "status", errors);
            where.append(" and status = :status");
            p.and("status", s == null ? "" : s.name());
        }
        if (since != null) {
            try {
                p.and("since", Instant.parse(since));
                where.append(" and updatedAt >= :since");
            } catch (DateTimeParseException e) {
                errors.add(new Problem.FieldError("/since", "an ISO-8601 instant, e.g. 2025-03-01T00:00:00Z"));
            }
        }
        int pageIndex = page == null ? 0 : page;
        int pageSize = size == null ? 50 : size;
        if (pageIndex < 0) {
            errors.add(new Problem.FieldError("/page", "0 or more"));
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            errors.add(new Problem.FieldError("/size", "between 1 and " + MAX_PAGE_SIZE));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("invalid-query", "Some query parameters are invalid.", errors);
        }
        return Panache.withSession(() -> {
            var query = AlertRecord.<AlertRecord>find(where.toString(),
                    Sort.descending("updatedAt").and("alertId"), p);
            return query.page(Page.of(pageIndex, pageSize)).list()
                    .chain(rows -> query.count().map(total -> new AlertPage(
                            rows.stream().map(documents::toAlert).toList(), pageIndex, pageSize, total)));
        });
    }

    @GET
    @Path("{id}")
    public Uni<Alert> get(@PathParam("id") UUID id) {
        Caller c = caller.get();
        return Panache.withSession(() -> AlertActions.visible(id, c).map(documents::toAlert));
    }

    @POST
    @Path("{id}/acknowledge")
    public Uni<Alert> acknowledge(@PathParam("id") UUID id, Note body) {
        return actions.acknowledge(id, caller.get(), body == null ? null : body.note());
    }

    @POST
    @Path("{id}/resolve")
    public Uni<Alert> resolve(@PathParam("id") UUID id, Note body) {
        return actions.resolve(id, caller.get(), body == null ? null : body.note());
    }

    @GET
    @Path("{id}/history")
    public Uni<List<HistoryEntry>> history(@PathParam("id") UUID id) {
        Caller c = caller.get();
        return Panache.withSession(() -> AlertActions.visible(id, c))
                .chain(a -> audit.about("alert:" + id))
                .map(rows -> rows.stream()
                        .map(r -> new HistoryEntry(r.sequence, r.timestamp, r.actor, r.action,
                                documents.readMap(r.payload)))
                        .toList());
    }

    /** New and changed alerts the caller may see, as server-sent events, from now on. */
    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<Alert> stream() {
        Caller c = caller.get();
        return events.stream().filter(a -> c.canSee(a.manufacturerId(), a.jurisdictions()));
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value, String field, List<Problem.FieldError> errors) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError("/" + field, "not a known " + type.getSimpleName()));
            return null;
        }
    }
}
