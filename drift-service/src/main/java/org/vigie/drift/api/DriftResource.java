package org.vigie.drift.api;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.vigie.contracts.api.Problem;
import org.vigie.contracts.http.Caller;
import org.vigie.contracts.http.CurrentCaller;
import org.vigie.contracts.http.ProblemException;
import org.vigie.drift.domain.SeriesFigures;
import org.vigie.drift.stream.DeviceVersions;

/** The current figures of a device, read from the drift service's state stores. */
@Path("/v1/drift/devices")
@Authenticated
public class DriftResource {

    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final DriftQueries queries;
    private final CurrentCaller caller;

    public DriftResource(DriftQueries queries, CurrentCaller caller) {
        this.queries = queries;
        this.caller = caller;
    }

    /** A device's versions and, per version (and site when windows are per site), its latest judged windows. */
    public record DeviceDrift(String deviceId, List<String> versions, List<SeriesFigures> series) {
    }

    @GET
    @Path("/{deviceId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Current drift, performance, bias and usage figures of a device: n, value, interval, "
            + "p-value and label completeness per metric, feature and subgroup")
    @WithSpan
    public DeviceDrift device(@PathParam("deviceId") String deviceId) {
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            throw ProblemException.badRequest("invalid-device-id", "The device id is not a Vigie device id.",
                    List.of(new Problem.FieldError("/deviceId", "must match " + DEVICE_ID.pattern())));
        }
        DeviceVersions device = queries.device(deviceId);
        Caller c = caller.get();
        if (device == null || !c.canSee(device.manufacturerId(), device.jurisdictions())) {
            throw ProblemException.notFound("device");
        }
        return new DeviceDrift(deviceId, device.versions(), queries.figures(deviceId));
    }
}
