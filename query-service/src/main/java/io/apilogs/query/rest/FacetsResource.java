package io.apilogs.query.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.query.auth.Caller;
import io.apilogs.query.service.ActivityFilter;
import io.apilogs.query.service.FacetQueries;
import io.smallrye.mutiny.Uni;
import io.apilogs.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Filter pickers and usage analytics. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class FacetsResource {
    private final FacetQueries facets;
    private final Caller caller;

    public FacetsResource(FacetQueries facets, Caller caller) {
        this.facets = facets;
        this.caller = caller;
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/assistants")
    public Uni<ObjectNode> assistants(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz) {
        return facets.assistants(caller.workspaceId(), ActivityFilter.parse(from, to, tz, List.of(), List.of(), null));
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/models")
    public Uni<ObjectNode> models(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz) {
        return facets.models(caller.workspaceId(), ActivityFilter.parse(from, to, tz, List.of(), List.of(), null));
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/analytics/usage")
    public Uni<ObjectNode> usage(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz,
                                 @QueryParam("groupBy") String groupBy, @QueryParam("assistant") List<String> assistants,
                                 @QueryParam("model") List<String> models) {
        return facets.usage(caller.workspaceId(), ActivityFilter.parse(from, to, tz, assistants, models, null), groupBy);
    }
}
