package io.apilogs.query.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.query.auth.Caller;
import io.apilogs.query.service.CallQueries;
import io.smallrye.mutiny.Uni;
import io.apilogs.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/calls")
@Produces(MediaType.APPLICATION_JSON)
public class CallsResource {
    private final CallQueries queries;
    private final Caller caller;

    public CallsResource(CallQueries queries, Caller caller) {
        this.queries = queries;
        this.caller = caller;
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/{callId}")
    public Uni<ObjectNode> detail(@PathParam("callId") String callId) {
        return queries.detail(caller.workspaceId(), callId).onItem().ifNull().failWith(() -> Problems.notFound("call " + callId));
    }
}
