package org.vigie.ingest.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.vigie.contracts.api.Problem;
import org.vigie.contracts.http.CurrentCaller;
import org.vigie.contracts.http.ProblemException;
import org.vigie.contracts.security.Roles;
import org.vigie.ingest.domain.BatchReader;
import org.vigie.ingest.service.IngestMetrics;
import org.vigie.ingest.service.TelemetryIngest;

/** Devices post telemetry here: a JSON array or NDJSON of mixed events, optionally gzip-compressed. */
@Path("/v1/events")
public class EventResource {

    private final TelemetryIngest ingest;
    private final CurrentCaller caller;
    private final IngestMetrics metrics;

    public EventResource(TelemetryIngest ingest, CurrentCaller caller, IngestMetrics metrics) {
        this.ingest = ingest;
        this.caller = caller;
        this.metrics = metrics;
    }

    @POST
    @Blocking
    @RolesAllowed(Roles.DEVICE)
    @Consumes({MediaType.APPLICATION_JSON, BatchReader.NDJSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send telemetry events",
            description = "Up to 5,000 events and 5 MiB (decompressed) per request. Answers once Kafka acknowledged "
                    + "every accepted event and every refused item's dead letter (the rejection topic, "
                    + "GET /v1/rejections); 503 with Retry-After when it cannot, and then nothing was accepted. "
                    + "429 with Retry-After when the device exceeds its rate limit (a token bucket counted in events); "
                    + "nothing of that request was accepted. An eventId already accepted is counted as a duplicate "
                    + "and written nowhere; make eventIds time-ordered (UUID version 7, RFC 9562) where you can: any "
                    + "UUID is accepted, time-ordered ones keep the deduplication cheap.")
    public IngestResult post(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                             @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding) {
        long start = System.nanoTime();
        int status = 500;
        try {
            boolean gzip = gzip(contentEncoding);
            boolean ndjson = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(BatchReader.NDJSON);
            var c = caller.get();
            IngestResult result = ingest.ingest(c.deviceId(), c.manufacturerId(), body, ndjson, gzip);
            status = 200;
            return result;
        } catch (ProblemException e) {
            status = e.problem().status();
            throw e;
        } finally {
            metrics.request(status, System.nanoTime() - start);
        }
    }

    private static boolean gzip(String contentEncoding) {
        if (contentEncoding == null || contentEncoding.isBlank() || contentEncoding.equalsIgnoreCase("identity")) {
            return false;
        }
        if (contentEncoding.strip().equalsIgnoreCase("gzip")) {
            return true;
        }
        throw new ProblemException(Problem.of(415, "unsupported-content-encoding", "Unsupported content encoding",
                "Send the body uncompressed or with Content-Encoding: gzip."));
    }
}
