package org.vigie.ingest.api;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.vigie.contracts.http.Caller;
import org.vigie.contracts.http.CurrentCaller;

/** Tells callers how the platform sees their token: role, scope. Useful when wiring a device or an OIDC provider. */
@Path("/v1/whoami")
@Authenticated
public class WhoAmIResource {

    private final CurrentCaller caller;

    public WhoAmIResource(CurrentCaller caller) {
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Caller whoami() {
        return caller.get();
    }
}
