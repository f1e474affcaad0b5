package io.apilogs.query.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.query.auth.Caller;
import io.apilogs.query.service.ItemQueries;
import io.apilogs.query.service.PromptQueries;
import io.smallrye.mutiny.Uni;
import io.apilogs.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** One tool execution, one tool HTTP request, one system prompt. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ItemsResource {
    private final ItemQueries items;
    private final PromptQueries prompts;
    private final Caller caller;

    public ItemsResource(ItemQueries items, PromptQueries prompts, Caller caller) {
        this.items = items;
        this.prompts = prompts;
        this.caller = caller;
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/tool-executions/{id}")
    public Uni<ObjectNode> toolExecution(@PathParam("id") String id) {
        return items.toolExecution(caller.workspaceId(), id).onItem().ifNull().failWith(() -> Problems.notFound("tool execution " + id));
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/http-requests/{id}")
    public Uni<ObjectNode> httpRequest(@PathParam("id") String id) {
        return items.httpRequest(caller.workspaceId(), id).onItem().ifNull().failWith(() -> Problems.notFound("HTTP request " + id));
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/prompts/{sha256}")
    public Uni<ObjectNode> prompt(@PathParam("sha256") String sha256) {
        return prompts.prompt(caller.workspaceId(), sha256).onItem().ifNull().failWith(() -> Problems.notFound("prompt " + sha256));
    }
}
