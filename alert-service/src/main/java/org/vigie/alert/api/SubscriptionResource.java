package org.vigie.alert.api;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.vigie.alert.domain.delivery.CallbackUrlPolicy;
import org.vigie.alert.domain.delivery.WebhookSignature;
import org.vigie.alert.service.AlertDocuments;
import org.vigie.alert.service.AuditTrail;
import org.vigie.alert.service.OutboxSignals;
import org.vigie.alert.store.DelimitedList;
import org.vigie.alert.store.DeliveryRecord;
import org.vigie.alert.store.SubscriptionRecord;
import org.vigie.contracts.api.Problem;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.events.DeliveryStatus;
import org.vigie.contracts.events.Severity;
import org.vigie.contracts.http.Caller;
import org.vigie.contracts.http.CurrentCaller;
import org.vigie.contracts.http.ProblemException;
import org.vigie.contracts.security.Roles;

/**
 * Webhook subscriptions: a manufacturer subscribes for its own devices, an authority for its jurisdictions, an
 * admin for everything. The signing secret is returned once, at creation. Each subscription has a delivery log
 * from which a delivery can be replayed.
 */
@Path("/v1/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.MANUFACTURER, Roles.AUTHORITY, Roles.ADMIN})
public class SubscriptionResource {

    public record NewSubscription(String callbackUrl, List<String> kinds, String minSeverity, List<String> deviceIds,
                                  List<String> manufacturerIds) {
    }

    public record SubscriptionView(UUID subscriptionId, String tenant, String manufacturerId,
                                   List<String> jurisdictions, String callbackUrl, List<String> kinds,
                                   String minSeverity, List<String> deviceIds, List<String> manufacturerIds,
                                   Instant createdAt, String secret) {
    }

    public record DeliveryView(UUID deliveryId, UUID alertId, long alertRevision, DeliveryStatus status, int attempts,
                               Integer lastHttpStatus, String lastError, Instant nextAttemptAt, Instant deliveredAt,
                               Instant createdAt) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_FILTER_ITEMS = 100;

    private final CurrentCaller caller;
    private final CallbackUrlPolicy urlPolicy;
    private final AuditTrail audit;
    private final AlertDocuments documents;
    private final OutboxSignals outboxes;
    private final Clock clock;

    public SubscriptionResource(CurrentCaller caller, CallbackUrlPolicy urlPolicy, AuditTrail audit,
                                AlertDocuments documents, OutboxSignals outboxes, Clock clock) {
        this.caller = caller;
        this.urlPolicy = urlPolicy;
        this.audit = audit;
        this.documents = documents;
        this.outboxes = outboxes;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(NewSubscription body) {
        Caller c = caller.get();
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body == null || body.callbackUrl() == null || body.callbackUrl().isBlank()) {
            errors.add(new Problem.FieldError("/callbackUrl", "required"));
        } else {
            CallbackUrlPolicy.Decision decision = urlPolicy.check(body.callbackUrl().trim());
            if (!decision.allowed()) {
                // The reason names the rule (private address, scheme...), never the URL itself.
                errors.add(new Problem.FieldError("/callbackUrl", "refused: " + decision.reason()));
            }
        }
        List<String> kinds = new ArrayList<>();
        Severity minSeverity = Severity.INFO;
        if (body != null) {
            for (String k : list(body.kinds(), "/kinds", errors)) {
                AlertKind kind = AlertResource.parse(AlertKind.class, k, "kinds", errors);
                if (kind != null) {
                    kinds.add(kind.name());
                }
            }
            if (body.minSeverity() != null) {
                Severity s = AlertResource.parse(Severity.class, body.minSeverity(), "minSeverity", errors);
                minSeverity = s == null ? Severity.INFO : s;
            }
        }
        List<String> deviceIds = body == null ? List.of() : ids(body.deviceIds(), "/deviceIds", errors);
        List<String> manufacturerIds = body == null ? List.of() : ids(body.manufacturerIds(), "/manufacturerIds",
                errors);
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("invalid-subscription", "The subscription is invalid.", errors);
        }
        SubscriptionRecord s = new SubscriptionRecord();
        s.subscriptionId = UUID.randomUUID();
        if (c.isAdmin()) {
            s.ownerRole = Roles.ADMIN;
            s.jurisdictions = DelimitedList.write(List.of());
        } else if (c.is(Roles.MANUFACTURER) && c.manufacturerId() != null) {
            s.ownerRole = Roles.MANUFACTURER;
            s.manufacturerId = c.manufacturerId();
            s.jurisdictions = DelimitedList.write(List.of());
        } else if (c.is(Roles.AUTHORITY) && !c.jurisdictions().isEmpty()) {
            s.ownerRole = Roles.AUTHORITY;
            s.jurisdictions = DelimitedList.write(c.jurisdictions().stream().sorted().toList());
        } else {
            throw ProblemException.forbidden("A subscription belongs to a manufacturer, an authority or an admin.");
        }
        s.callbackUrl = body.callbackUrl().trim();
        s.secret = WebhookSignature.newSecret(RANDOM);
        s.kinds = DelimitedList.write(kinds);
        s.minSeverity = minSeverity.name();
        s.deviceIds = DelimitedList.write(deviceIds);
        s.manufacturerIds = DelimitedList.write(manufacturerIds);
        s.active = true;
        s.createdAt = clock.instant();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tenant", s.ownerRole);
        details.put("manufacturerId", s.manufacturerId);
        details.put("jurisdictions", DelimitedList.read(s.jurisdictions));
        return Panache.withTransaction(() -> s.persist().chain(() -> audit.append(List.of(
                        new AuditTrail.Pending(actor(c), "subscription.created", "subscription:" + s.subscriptionId,
                                details)))))
                .map(x -> Response.status(Response.Status.CREATED).entity(view(s, true)).build());
    }

    @GET
    public Uni<List<SubscriptionView>> list() {
        Caller c = caller.get();
        return Panache.withSession(() -> SubscriptionRecord.<SubscriptionRecord>list("order by createdAt"))
                .map(all -> all.stream().filter(s -> owns(c, s)).map(s -> view(s, false)).toList());
    }

    @GET
    @Path("{id}")
    public Uni<SubscriptionView> get(@PathParam("id") UUID id) {
        Caller c = caller.get();
        return Panache.withSession(() -> owned(id, c)).map(s -> view(s, false));
    }

    @DELETE
    @Path("{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        Caller c = caller.get();
        return Panache.withTransaction(() -> owned(id, c).chain(s -> s.delete()
                        .chain(() -> audit.append(List.of(new AuditTrail.Pending(actor(c), "subscription.deleted",
                                "subscription:" + id, Map.of()))))))
                .map(x -> Response.noContent().build());
    }

    @GET
    @Path("{id}/deliveries")
    public Uni<List<DeliveryView>> deliveries(@PathParam("id") UUID id, @QueryParam("page") Integer page,
                                              @QueryParam("size") Integer size) {
        Caller c = caller.get();
        int pageIndex = page == null ? 0 : page;
        int pageSize = size == null ? 100 : size;
        if (pageIndex < 0 || pageSize < 1 || pageSize > 500) {
            throw ProblemException.badRequest("invalid-query", "page >= 0 and size between 1 and 500.", List.of());
        }
        return Panache.withSession(() -> owned(id, c).chain(s -> DeliveryRecord
                        .<DeliveryRecord>find("subscriptionId", Sort.descending("seq"), id)
                        .page(Page.of(pageIndex, pageSize)).list()))
                .map(rows -> rows.stream().map(SubscriptionResource::view).toList());
    }

    /** Sends a delivery again (e.g. a dead-lettered one), under a new delivery id, after the pending ones. */
    @POST
    @Path("{id}/deliveries/{deliveryId}/replay")
    public Uni<Response> replay(@PathParam("id") UUID id, @PathParam("deliveryId") UUID deliveryId) {
        Caller c = caller.get();
        return Panache.withTransaction(() -> owned(id, c).chain(s -> DeliveryRecord
                        .find("deliveryId = ?1 and subscriptionId = ?2", deliveryId, id).<DeliveryRecord>firstResult())
                .chain(original -> {
                    if (original == null) {
                        throw ProblemException.notFound("Delivery " + deliveryId);
                    }
                    Instant now = clock.instant();
                    DeliveryRecord copy = new DeliveryRecord();
                    copy.deliveryId = UUID.randomUUID();
                    copy.subscriptionId = id;
                    copy.alertId = original.alertId;
                    copy.alertRevision = original.alertRevision;
                    Map<String, Object> event = new LinkedHashMap<>(documents.readMap(original.payload));
                    event.put("id", copy.deliveryId.toString());
                    copy.payload = documents.write(event);
                    copy.status = DeliveryStatus.PENDING.name();
                    copy.nextAttemptAt = now;
                    copy.createdAt = now;
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("replayOf", deliveryId);
                    details.put("deliveryId", copy.deliveryId);
                    return copy.persist().chain(() -> audit.append(List.of(new AuditTrail.Pending(actor(c),
                            "delivery.replayed", "subscription:" + id, details)))).replaceWith(copy);
                }))
                .invoke(outboxes.deliveries()::ring)
                .map(copy -> Response.accepted(view(copy)).build());
    }

    private static Uni<SubscriptionRecord> owned(UUID id, Caller c) {
        return SubscriptionRecord.<SubscriptionRecord>findById(id).map(s -> {
            if (s == null || !owns(c, s)) {
                throw ProblemException.notFound("Subscription " + id);
            }
            return s;
        });
    }

    static boolean owns(Caller c, SubscriptionRecord s) {
        if (c.isAdmin()) {
            return true;
        }
        return switch (s.ownerRole) {
            case Roles.MANUFACTURER -> c.is(Roles.MANUFACTURER) && s.manufacturerId.equals(c.manufacturerId());
            case Roles.AUTHORITY -> c.is(Roles.AUTHORITY)
                    && c.jurisdictions().containsAll(Set.copyOf(DelimitedList.read(s.jurisdictions)));
            default -> false;
        };
    }

    private static String actor(Caller c) {
        return c.subject() == null ? "unknown" : c.subject();
    }

    private static List<String> list(List<String> values, String pointer, List<Problem.FieldError> errors) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > MAX_FILTER_ITEMS) {
            errors.add(new Problem.FieldError(pointer, "at most " + MAX_FILTER_ITEMS + " items"));
            return List.of();
        }
        return values;
    }

    private static List<String> ids(List<String> values, String pointer, List<Problem.FieldError> errors) {
        List<String> out = new ArrayList<>();
        for (String v : list(values, pointer, errors)) {
            if (v == null || !v.matches("[A-Za-z0-9._:-]{1,128}")) {
                errors.add(new Problem.FieldError(pointer, "ids are 1 to 128 letters, digits or . _ : -"));
                return List.of();
            }
            out.add(v);
        }
        return out;
    }

    private static SubscriptionView view(SubscriptionRecord s, boolean withSecret) {
        String tenant = switch (s.ownerRole) {
            case Roles.MANUFACTURER -> "manufacturer";
            case Roles.AUTHORITY -> "authority";
            default -> "platform";
        };
        return new SubscriptionView(s.subscriptionId, tenant, s.manufacturerId, DelimitedList.read(s.jurisdictions),
                s.callbackUrl, DelimitedList.read(s.kinds), s.minSeverity, DelimitedList.read(s.deviceIds),
                DelimitedList.read(s.manufacturerIds), s.createdAt, withSecret ? s.secret : null);
    }

    private static DeliveryView view(DeliveryRecord d) {
        return new DeliveryView(d.deliveryId, d.alertId, d.alertRevision, DeliveryStatus.valueOf(d.status),
                d.attempts, d.lastHttpStatus, d.lastError, d.nextAttemptAt, d.deliveredAt, d.createdAt);
    }
}
