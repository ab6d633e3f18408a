package org.vigie.alert.api;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import java.time.Clock;
import java.util.UUID;
import org.vigie.alert.service.AlertActions;
import org.vigie.alert.service.AlertDocuments;
import org.vigie.alert.store.DeviceRecord;
import org.vigie.contracts.events.Alert;
import org.vigie.contracts.events.AlertKind;
import org.vigie.contracts.http.Caller;
import org.vigie.contracts.http.CurrentCaller;

/** Regulatory exports of one alert: FHIR and a draft MIR. */
@Path("/v1/alerts/{id}")
// Any authenticated caller: what it may not see is answered 404, whatever its role.
@Authenticated
public class AlertExportResource {

    private final CurrentCaller caller;
    private final AlertDocuments documents;
    private final Clock clock;

    public AlertExportResource(CurrentCaller caller, AlertDocuments documents, Clock clock) {
        this.caller = caller;
        this.documents = documents;
        this.clock = clock;
    }

    private record Loaded(Alert alert, DeviceRecord device) {
    }

    private Uni<Loaded> load(UUID id) {
        Caller c = caller.get();
        return Panache.withSession(() -> AlertActions.visible(id, c).chain(a -> DeviceRecord
                .<DeviceRecord>findById(a.deviceId).map(d -> new Loaded(documents.toAlert(a), d))));
    }

    @GET
    @Path("fhir")
    @Produces("application/fhir+json")
    public Uni<String> fhir(@PathParam("id") UUID id) {
        return load(id).map(l -> l.alert().kind() == AlertKind.FIELD_REPORT
                ? FhirExport.adverseEvent(l.alert(), l.device())
                : FhirExport.detectedIssue(l.alert(), l.device()));
    }

    @GET
    @Path("mir")
    @Produces("application/xml")
    public Uni<String> mir(@PathParam("id") UUID id) {
        return load(id).map(l -> MirExport.write(l.alert(), l.device(), clock.instant()));
    }
}
