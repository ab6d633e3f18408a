package org.vigie.observatory.api;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.vigie.observatory.config.ObservatoryConfig;

/** What the open data means: one entry per published column. */
@Path("/v1/open-data")
@Tag(name = "Open data")
public class OpenDataResource {

    private final ObservatoryConfig config;

    public OpenDataResource(ObservatoryConfig config) {
        this.config = config;
    }

    @GET
    @Path("/dictionary")
    @PermitAll
    @Produces({MediaType.APPLICATION_JSON, CsvAnswerWriter.TEXT_CSV})
    @Operation(summary = "Data dictionary of the observatory's open data (JSON or CSV)")
    public DataDictionary dictionary() {
        return DataDictionary.of(config.suppressionThreshold());
    }
}
