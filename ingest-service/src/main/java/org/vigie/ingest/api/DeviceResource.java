package org.vigie.ingest.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.vigie.contracts.events.DeviceRegistration;
import org.vigie.contracts.http.Caller;
import org.vigie.contracts.http.CurrentCaller;
import org.vigie.contracts.http.ProblemException;
import org.vigie.contracts.security.Roles;
import org.vigie.ingest.service.DeviceCredentials;
import org.vigie.ingest.service.DeviceRegistrations;
import org.vigie.ingest.store.DeviceRegistry;
import org.vigie.ingest.store.DeviceToken;
import org.vigie.ingest.store.DeviceVersion;

/**
 * The device registry and device credentials. A manufacturer sees and manages its own devices, an authority
 * reads those marketed in its jurisdictions, an admin everything; any other device is answered 404.
 */
@Path("/v1/devices")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {

    private final DeviceRegistrations registrations;
    private final DeviceRegistry registry;
    private final DeviceCredentials credentials;
    private final CurrentCaller caller;

    public DeviceResource(DeviceRegistrations registrations, DeviceRegistry registry, DeviceCredentials credentials,
                          CurrentCaller caller) {
        this.registrations = registrations;
        this.registry = registry;
        this.credentials = credentials;
        this.caller = caller;
    }

    /** A device token as listed (the token itself is shown once, when issued). */
    public record TokenInfo(UUID tokenId, String deviceId, Instant issuedAt, Instant expiresAt, Instant revokedAt) {
        static TokenInfo of(DeviceToken t) {
            return new TokenInfo(t.jti, t.deviceId, t.issuedAt, t.expiresAt, t.revokedAt);
        }
    }

    /** A newly issued device token. */
    public record IssuedToken(UUID tokenId, String deviceId, String token, Instant issuedAt, Instant expiresAt) {
    }

    @POST
    @RolesAllowed({Roles.MANUFACTURER, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a device and model version",
            description = "201 for a new version, 200 for the same registration sent again, 409 for a registered "
                    + "version with other content.")
    public Uni<Response> register(JsonNode body) {
        return registrations.register(caller.get(), body).map(outcome -> {
            DeviceRegistration r = outcome.registration();
            return (outcome.created()
                    ? Response.created(URI.create("/v1/devices/" + r.deviceId() + "/versions/" + r.modelVersion()))
                    : Response.ok()).entity(r).build();
        });
    }

    @GET
    @Authenticated
    @Operation(summary = "The devices the caller may see, each in its latest version")
    public Uni<List<DeviceRegistration>> list() {
        Caller c = caller.get();
        String scope = c.isAdmin() || c.is(Roles.AUTHORITY) ? null : c.manufacturerId();
        if (scope == null && !c.isAdmin() && !c.is(Roles.AUTHORITY)) {
            return Uni.createFrom().item(List.of());
        }
        return registry.allVersions(scope).map(versions -> {
            Map<String, DeviceVersion> latest = new LinkedHashMap<>();
            for (DeviceVersion v : versions) {
                if (c.canSee(v.manufacturerId, v.jurisdictionList())) {
                    latest.merge(v.deviceId, v, (a, b) -> b.registeredAt.isAfter(a.registeredAt) ? b : a);
                }
            }
            return latest.values().stream().map(DeviceRegistrations::read).toList();
        });
    }

    @GET
    @Path("{deviceId}")
    @Authenticated
    @Operation(summary = "A device in its latest model version")
    public Uni<DeviceRegistration> device(@PathParam("deviceId") String deviceId) {
        return visibleVersions(deviceId).map(versions -> DeviceRegistrations.read(versions.get(versions.size() - 1)));
    }

    @GET
    @Path("{deviceId}/versions")
    @Authenticated
    @Operation(summary = "Every registered model version of a device, oldest first")
    public Uni<List<DeviceRegistration>> versions(@PathParam("deviceId") String deviceId) {
        return visibleVersions(deviceId).map(versions -> versions.stream().map(DeviceRegistrations::read).toList());
    }

    @GET
    @Path("{deviceId}/versions/{modelVersion}")
    @Authenticated
    @Operation(summary = "One model version of a device")
    public Uni<DeviceRegistration> version(@PathParam("deviceId") String deviceId,
                                           @PathParam("modelVersion") String modelVersion) {
        return visibleVersions(deviceId).map(versions -> versions.stream()
                .filter(v -> v.modelVersion.equals(modelVersion)).findFirst()
                .map(DeviceRegistrations::read)
                .orElseThrow(() -> ProblemException.notFound("Model version " + modelVersion)));
    }

    @POST
    @Path("{deviceId}/tokens")
    @RolesAllowed({Roles.MANUFACTURER, Roles.ADMIN})
    @Operation(summary = "Issue a device token (shown once) for one of your devices")
    public Uni<Response> issueToken(@PathParam("deviceId") String deviceId) {
        return ownedVersions(deviceId).chain(versions -> {
            String manufacturerId = versions.get(0).manufacturerId;
            DeviceCredentials.Issued issued = credentials.issue(deviceId, manufacturerId);
            return registry.recordToken(issued.tokenId(), deviceId, manufacturerId, issued.issuedAt(), issued.expiresAt())
                    .map(saved -> Response.created(URI.create("/v1/devices/" + deviceId + "/tokens/" + issued.tokenId()))
                            .entity(new IssuedToken(issued.tokenId(), deviceId, issued.token(), issued.issuedAt(),
                                    issued.expiresAt()))
                            .build());
        });
    }

    @GET
    @Path("{deviceId}/tokens")
    @RolesAllowed({Roles.MANUFACTURER, Roles.ADMIN})
    @Operation(summary = "The tokens issued for one of your devices (without the tokens themselves)")
    public Uni<List<TokenInfo>> tokens(@PathParam("deviceId") String deviceId) {
        return ownedVersions(deviceId).chain(v -> registry.tokens(deviceId))
                .map(tokens -> tokens.stream().map(TokenInfo::of).toList());
    }

    @DELETE
    @Path("{deviceId}/tokens/{tokenId}")
    @RolesAllowed({Roles.MANUFACTURER, Roles.ADMIN})
    @Operation(summary = "Revoke a device token; it stops working at once")
    public Uni<Response> revoke(@PathParam("deviceId") String deviceId, @PathParam("tokenId") UUID tokenId) {
        return ownedVersions(deviceId).chain(v -> registry.revoke(deviceId, tokenId, Instant.now()))
                .map(found -> {
                    if (!found) {
                        throw ProblemException.notFound("Token " + tokenId);
                    }
                    return Response.noContent().build();
                });
    }

    /** The device's versions if the caller may see it; 404 otherwise, whether it exists or not. */
    private Uni<List<DeviceVersion>> visibleVersions(String deviceId) {
        Caller c = caller.get();
        return registry.versions(deviceId).map(versions -> {
            if (versions.isEmpty()) {
                throw ProblemException.notFound("Device " + deviceId);
            }
            DeviceVersion latest = versions.stream().max(Comparator.comparing(v -> v.registeredAt)).orElseThrow();
            if (!c.canSee(latest.manufacturerId, latest.jurisdictionList())) {
                throw ProblemException.notFound("Device " + deviceId);
            }
            List<DeviceVersion> sorted = new java.util.ArrayList<>(versions);
            sorted.sort(Comparator.comparing((DeviceVersion v) -> v.registeredAt).thenComparing(v -> v.modelVersion));
            return sorted;
        });
    }

    /** The device's versions if the caller acts for its manufacturer; 404 otherwise. */
    private Uni<List<DeviceVersion>> ownedVersions(String deviceId) {
        Caller c = caller.get();
        return registry.versions(deviceId).map(versions -> {
            if (versions.isEmpty() || !c.actsFor(versions.get(0).manufacturerId)) {
                throw ProblemException.notFound("Device " + deviceId);
            }
            return versions;
        });
    }
}
