package io.apilogs.query.rest;


import io.apilogs.model.ApiKeys;
import io.apilogs.query.auth.Caller;
import io.apilogs.query.service.AdminService;
import io.apilogs.query.service.LiveFeeds;
import io.apilogs.query.service.PriceBody;
import io.apilogs.query.service.PricingService;
import io.apilogs.query.service.SessionService;
import io.smallrye.mutiny.Uni;
import io.apilogs.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Administration. Workspaces and keys take the operator's admin token; a workspace's prices and repricing take an
 * admin key of that workspace. One resource class, because JAX-RS matches the longest class path
 * first and would not find these methods under a second class at {@code /v1}.
 */
@Path("/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminResource {
    private final AdminService admin;
    private final PricingService pricing;
    private final SessionService sessions;
    private final Caller caller;
    private final LiveFeeds feeds;

    public AdminResource(AdminService admin, PricingService pricing, SessionService sessions, Caller caller, LiveFeeds feeds) {
        this.feeds = feeds;
        this.admin = admin;
        this.pricing = pricing;
        this.sessions = sessions;
        this.caller = caller;
    }

    @RolesAllowed(Roles.ADMIN)
    @PUT
    @Path("/prices/{model}")
    public Uni<io.apilogs.query.view.PriceView> putPrice(@PathParam("model") String model, @Valid @NotNull PriceBody body) {
        return pricing.put(caller.workspaceId(), model, body);
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/reprice")
    @Consumes(MediaType.WILDCARD)
    public Uni<io.apilogs.query.view.PriceView.Repriced> reprice(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz) {
        return pricing.reprice(caller.workspaceId(), from, to, tz);
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/workspaces")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "201", description = "the new workspace",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = io.apilogs.query.service.AdminService.WorkspaceView.class)))
    public Uni<Response> createWorkspace(@Valid @NotNull AdminBodies.NewWorkspace body) {
        return admin.createWorkspace(body.name()).map(ws -> Response.status(201).entity(ws).build());
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/workspaces/{id}/keys")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "201", description = "the new key; its secret is shown in this answer only",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = io.apilogs.query.service.AdminService.CreatedKey.class)))
    public Uni<Response> createKey(@PathParam("id") String workspaceId, @Valid @NotNull AdminBodies.NewKey body) {
        return admin.createKey(workspaceId, ApiKeys.Scope.fromWire(body.scope()), body.name()).map(key -> {
            if (key == null) {
                throw Problems.notFound("workspace " + workspaceId);
            }
            return Response.status(201).entity(key).build();
        });
    }

    @RolesAllowed(Roles.OPERATOR)
    @GET
    @Path("/workspaces/{id}/keys")
    public Uni<AdminService.KeyList> listKeys(@PathParam("id") String workspaceId) {
        return admin.listKeys(workspaceId).onItem().ifNull().failWith(() -> Problems.notFound("workspace " + workspaceId));
    }

    /** A one-time login token for the web UI (see SessionResource); it goes in the UI's URL as {@code ?login=}. */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/workspaces/{id}/login-tokens")
    @Consumes(MediaType.WILDCARD)
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "201", description = "a one-time login token for the web UI (15 min)",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = io.apilogs.query.service.SessionService.LoginToken.class)))
    public Uni<Response> createLoginToken(@PathParam("id") String workspaceId) {
        return sessions.createLoginToken(workspaceId).map(token -> {
            if (token == null) {
                throw Problems.notFound("workspace " + workspaceId);
            }
            return Response.status(201).entity(token).build();
        });
    }

    /**
     * This replica's open live timelines of a workspace, each with the items it was sent (count and last seq): how an
     * operator finds out whether a client that missed an item was never sent it. Streams are named by their first line.
     */
    @RolesAllowed(Roles.OPERATOR)
    @GET
    @Path("/workspaces/{id}/live")
    public java.util.Map<String, java.util.List<LiveFeeds.StreamView>> liveStreams(@PathParam("id") String workspaceId) {
        return java.util.Map.of("items", feeds.streams(workspaceId));
    }

    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("/keys/{keyId}")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "204", description = "the key is revoked")
    public Uni<Response> revokeKey(@PathParam("keyId") String keyId) {
        return admin.revokeKey(keyId).map(found -> {
            if (!found) {
                throw Problems.notFound("key " + keyId);
            }
            return Response.noContent().build();
        });
    }
}
