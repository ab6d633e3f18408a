package org.vigie.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.vigie.contracts.api.Problem;
import org.vigie.contracts.events.IngestRejection;
import org.vigie.contracts.http.Caller;
import org.vigie.contracts.http.CurrentCaller;
import org.vigie.contracts.http.ProblemException;
import org.vigie.ingest.store.DeviceRegistry;
import org.vigie.ingest.store.DeviceVersion;
import org.vigie.ingest.store.RejectionLog;

/**
 * What a device sent that ingest refused (its dead letters), so its manufacturer can fix it. Scoped like the
 * registry: a manufacturer sees its own devices, an authority those marketed in its jurisdictions, an admin all;
 * any other device, existing or not, is a 404.
 */
@Path("/v1/rejections")
@Produces(MediaType.APPLICATION_JSON)
public class RejectionResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final RejectionLog log;
    private final DeviceRegistry registry;
    private final CurrentCaller caller;

    public RejectionResource(RejectionLog log, DeviceRegistry registry, CurrentCaller caller) {
        this.log = log;
        this.registry = registry;
        this.caller = caller;
    }

    /**
     * A page of dead letters, newest first. {@code next}, when present, is the {@code before} of the next (older)
     * page.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RejectionPage(String deviceId, List<IngestRejection> rejections, Long next) {
    }

    @GET
    @Authenticated
    @Operation(summary = "The telemetry items a device sent that were refused, with their reasons",
            description = "Newest first. Each is the IngestRejection published on the rejection topic: the rule, the "
                    + "JSON pointer and a reason that never quotes the refused value; the refused item itself only when "
                    + "the privacy guard found no direct identifier in it. Kept for vigie.ingest.rejection-retention "
                    + "(35 days). 400 problem for a missing deviceId or a malformed since, before or limit; 404 for a "
                    + "device the caller may not see.")
    public Uni<RejectionPage> list(
            @Parameter(description = "The device", required = true) @QueryParam("deviceId") String deviceId,
            @Parameter(description = "Only rejections received at or after this instant (ISO-8601)")
            @QueryParam("since") String since,
            @Parameter(description = "The next cursor of the previous page") @QueryParam("before") String before,
            @Parameter(description = "At most this many (1 to 1000, default 100)") @QueryParam("limit") String limit) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (deviceId == null || deviceId.isBlank()) {
            errors.add(new Problem.FieldError("/deviceId", "the device whose rejections to list is required"));
        }
        Instant sinceInstant = null;
        if (since != null) {
            try {
                sinceInstant = Instant.parse(since);
            } catch (DateTimeParseException e) {
                errors.add(new Problem.FieldError("/since", "an ISO-8601 instant, e.g. 2026-03-01T00:00:00Z"));
            }
        }
        Long beforeSeq = null;
        if (before != null) {
            beforeSeq = positiveLong(before);
            if (beforeSeq == null) {
                errors.add(new Problem.FieldError("/before", "the next cursor of a previous page"));
            }
        }
        int pageSize = DEFAULT_LIMIT;
        if (limit != null) {
            Long n = positiveLong(limit);
            if (n == null || n > MAX_LIMIT) {
                errors.add(new Problem.FieldError("/limit", "between 1 and " + MAX_LIMIT));
            } else {
                pageSize = n.intValue();
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of(400, "invalid-query", "Bad request",
                    "Some query parameters are invalid.").withErrors(errors));
        }
        Instant from = sinceInstant;
        Long cursor = beforeSeq;
        int size = pageSize;
        Caller c = caller.get();
        return registry.versions(deviceId).chain(versions -> {
            if (!visible(c, versions)) {
                throw ProblemException.notFound("Device " + deviceId);
            }
            return log.page(deviceId, from, cursor, size)
                    .map(page -> new RejectionPage(deviceId, page.rejections(), page.next()));
        });
    }

    /** The device exists and the caller may see it (judged on its latest version, as GET /v1/devices does). */
    private static boolean visible(Caller c, List<DeviceVersion> versions) {
        if (versions.isEmpty()) {
            return false;
        }
        DeviceVersion latest = versions.stream().max(Comparator.comparing(v -> v.registeredAt)).orElseThrow();
        return c.canSee(latest.manufacturerId, latest.jurisdictionList());
    }

    private static Long positiveLong(String text) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return null;
        }
        long n = Long.parseLong(text);
        return n >= 1 ? n : null;
    }
}
