package io.apilogs.query.rest;

import io.apilogs.query.auth.Caller;
import io.apilogs.query.persistence.read.CallReads;
import io.apilogs.query.service.DetailBudget;
import io.apilogs.query.view.CallDetail;
import io.apilogs.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The full detail of one LLM call: a single read, so the resource asks the read side directly. */
@Path("/v1/calls")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Calls", description = "The full detail of one LLM call")
public class CallsResource {
    private final CallReads calls;
    private final Caller caller;
    private final DetailBudget budget;

    public CallsResource(CallReads calls, Caller caller, DetailBudget budget) {
        this.calls = calls;
        this.caller = caller;
        this.budget = budget;
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/{callId}")
    @Operation(summary = "One LLM call: system prompt, messages, response, thinking, tool calls with their executions and HTTP requests, "
            + "usage, cost, error and rate-limit headers")
    public Uni<CallDetail> detail(@PathParam("callId") String callId, RoutingContext request) {
        return calls.detail(caller.workspaceId(), callId, DetailClaims.of(budget, request)).onItem().ifNull().failWith(() -> Problems.notFound("call " + callId));
    }
}
