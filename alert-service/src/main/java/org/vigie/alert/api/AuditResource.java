package org.vigie.alert.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.vigie.alert.domain.audit.ChainVerification;
import org.vigie.alert.service.AuditTrail;
import org.vigie.contracts.security.Roles;

/**
 * Verifies the whole audit chain. The answer holds no tenant data (a count, a hash, a sequence number), so every
 * role that receives alerts may ask.
 */
@Path("/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.MANUFACTURER, Roles.AUTHORITY, Roles.ADMIN})
public class AuditResource {

    private final AuditTrail audit;

    public AuditResource(AuditTrail audit) {
        this.audit = audit;
    }

    @GET
    @Path("verify")
    public Uni<ChainVerification> verify() {
        return audit.verify();
    }
}
