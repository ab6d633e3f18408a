package org.vigie.observatory.api;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.vigie.contracts.http.Caller;
import org.vigie.contracts.http.CurrentCaller;
import org.vigie.observatory.config.ObservatoryConfig;
import org.vigie.observatory.domain.Disclosure;

/**
 * The observatory API. Open to anonymous callers, who get suppressed statistics (counts from 1 to 10 masked,
 * secondary suppression, rates and figures derived from masked counts masked too); authority and admin tokens
 * get exact counts. JSON by default, CSV with {@code Accept: text/csv} (open data; see the dictionary).
 */
@Path("/v1")
@Tag(name = "Observatory", description = "AI usage, adoption, energy and alerts; small cells suppressed for the public")
@Produces({MediaType.APPLICATION_JSON, CsvAnswerWriter.TEXT_CSV})
public class ObservatoryResource {

    static final String FROM = "start, ISO date or instant (default: to minus 30 days); aligned down to the interval";
    static final String TO = "end, exclusive (default: tomorrow 00:00 UTC); aligned up to the interval";
    static final String INTERVAL = "hour (exact-count callers only), day (default), week, month";
    static final String FILTERS = "a filter; every dimension name is a filter (suppressed callers: the grouped dimension"
            + " or its parents only)";

    private final ObservatoryAnswers answers;
    private final CurrentCaller caller;
    private final ObservatoryConfig config;

    public ObservatoryResource(ObservatoryAnswers answers, CurrentCaller caller, ObservatoryConfig config) {
        this.answers = answers;
        this.caller = caller;
        this.config = config;
    }

    @GET
    @Path("/usage")
    @PermitAll
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Inferences, clinician decisions (accepted / overridden / ignored), labelled share, latency p50/p95")
    @Parameter(name = "from", in = ParameterIn.QUERY, description = FROM)
    @Parameter(name = "to", in = ParameterIn.QUERY, description = TO)
    @Parameter(name = "interval", in = ParameterIn.QUERY, description = INTERVAL)
    @Parameter(name = "page", in = ParameterIn.QUERY, description = "page number from 0")
    @Parameter(name = "size", in = ParameterIn.QUERY, description = "rows per page (at most 1000)")
    @Parameter(name = "region", in = ParameterIn.QUERY, description = FILTERS)
    @Parameter(name = "groupBy", in = ParameterIn.QUERY, description = "region, site, siteType, specialty, useCase, riskClass,"
            + " manufacturer, device, modelVersion (one for suppressed callers; two for exact callers)")
    @APIResponse(responseCode = "200", description = "One page of rows")
    @APIResponse(responseCode = "400", description = "Invalid parameters (application/problem+json)")
    public Uni<ObservatoryAnswer> usage(@Context UriInfo uri) {
        return answer(uri, ObservatoryAnswers.USAGE, true, answers::usage);
    }

    @GET
    @Path("/adoption")
    @PermitAll
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Active sites and devices (sites using AI) per region, use case, … — distinct counts shown when 0 or"
            + " at least the threshold")
    @Parameter(name = "from", in = ParameterIn.QUERY, description = FROM)
    @Parameter(name = "to", in = ParameterIn.QUERY, description = TO)
    @Parameter(name = "interval", in = ParameterIn.QUERY, description = INTERVAL)
    @Parameter(name = "page", in = ParameterIn.QUERY, description = "page number from 0")
    @Parameter(name = "size", in = ParameterIn.QUERY, description = "rows per page (at most 1000)")
    @Parameter(name = "region", in = ParameterIn.QUERY, description = FILTERS)
    @Parameter(name = "groupBy", in = ParameterIn.QUERY, description = "up to two of region, site, siteType, useCase,"
            + " riskClass, manufacturer, device, modelVersion")
    public Uni<ObservatoryAnswer> adoption(@Context UriInfo uri) {
        return answer(uri, ObservatoryAnswers.TELEMETRY, false, answers::adoption);
    }

    @GET
    @Path("/energy")
    @PermitAll
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Energy (kWh) and carbon (gCO2e), in total and per 1,000 inferences (Green Algorithms or measured"
            + " joules; grid intensity by country)")
    @Parameter(name = "from", in = ParameterIn.QUERY, description = FROM)
    @Parameter(name = "to", in = ParameterIn.QUERY, description = TO)
    @Parameter(name = "interval", in = ParameterIn.QUERY, description = INTERVAL)
    @Parameter(name = "page", in = ParameterIn.QUERY, description = "page number from 0")
    @Parameter(name = "size", in = ParameterIn.QUERY, description = "rows per page (at most 1000)")
    @Parameter(name = "region", in = ParameterIn.QUERY, description = FILTERS)
    @Parameter(name = "groupBy", in = ParameterIn.QUERY, description = "region, site, siteType, useCase, riskClass,"
            + " manufacturer, device, modelVersion")
    public Uni<ObservatoryAnswer> energy(@Context UriInfo uri) {
        return answer(uri, ObservatoryAnswers.TELEMETRY, true, answers::energy);
    }

    @GET
    @Path("/alerts/summary")
    @PermitAll
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Alerts by kind, severity and status; drift signals; field reports by category and harm; open and"
            + " overdue regulatory obligations now")
    @Parameter(name = "from", in = ParameterIn.QUERY, description = FROM)
    @Parameter(name = "to", in = ParameterIn.QUERY, description = TO)
    @Parameter(name = "interval", in = ParameterIn.QUERY, description = INTERVAL)
    @Parameter(name = "page", in = ParameterIn.QUERY, description = "page number from 0")
    @Parameter(name = "size", in = ParameterIn.QUERY, description = "rows per page (at most 1000)")
    @Parameter(name = "region", in = ParameterIn.QUERY, description = FILTERS)
    @Parameter(name = "groupBy", in = ParameterIn.QUERY, description = "kind, severity, status, category, harm, region,"
            + " device, manufacturer")
    public Uni<ObservatoryAnswer> alerts(@Context UriInfo uri) {
        return answer(uri, ObservatoryAnswers.ALERT_DIMENSIONS, true, answers::alerts);
    }

    @GET
    @Path("/status")
    @Authenticated
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "How this caller's answers are disclosed")
    public Map<String, Object> status() {
        Caller c = caller.get();
        return Map.of("disclosure", disclosure(c).name().toLowerCase(java.util.Locale.ROOT),
                "threshold", config.suppressionThreshold());
    }

    private Uni<ObservatoryAnswer> answer(UriInfo uri, Set<Dimension> supported, boolean additive,
                                          Function<ObservatoryQuery, Uni<ObservatoryAnswer>> build) {
        Disclosure disclosure = disclosure(caller.get());
        // Distinct counts (adoption) have no additive relations to attack: parsed as for exact callers, published
        // with the distinct-count rule.
        ObservatoryQuery parsed = ObservatoryQuery.parse(uri.getQueryParameters(), supported,
                additive ? disclosure : Disclosure.EXACT, config.api().maxPageSize());
        ObservatoryQuery q = additive ? parsed : new ObservatoryQuery(parsed.from(), parsed.to(), parsed.interval(),
                parsed.groupBy(), parsed.filters(), parsed.page(), parsed.size(), disclosure);
        if (disclosure == Disclosure.SUPPRESSED && q.interval() == org.vigie.observatory.domain.TimeBucket.HOUR) {
            throw org.vigie.contracts.http.ProblemException.badRequest("invalid-query", "The query parameters are not valid.",
                    java.util.List.of(new org.vigie.contracts.api.Problem.FieldError("/query/interval", "hourly buckets"
                            + " are for exact-count callers; suppressed statistics are published by day or longer")));
        }
        return build.apply(q);
    }

    private static Disclosure disclosure(Caller c) {
        return c.seesExactCounts() ? Disclosure.EXACT : Disclosure.SUPPRESSED;
    }
}
