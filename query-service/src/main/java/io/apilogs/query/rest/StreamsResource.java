package io.apilogs.query.rest;

import io.apilogs.query.auth.Caller;
import io.apilogs.query.persistence.read.ActivityFilter;
import io.apilogs.query.service.LiveFeeds;
import io.apilogs.query.service.StreamQuota;
import io.apilogs.query.auth.StreamTokens;
import io.smallrye.mutiny.Multi;
import io.apilogs.security.KeyStore;
import io.apilogs.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import java.util.List;

/** The live activity log, and the short-lived tokens browsers use to open streams. */
@Path("/v1")
public class StreamsResource {
    private final LiveFeeds feeds;
    private final StreamTokens tokens;
    private final Caller caller;
    private final KeyStore keys;
    private final StreamQuota quota;

    public StreamsResource(LiveFeeds feeds, StreamTokens tokens, Caller caller, KeyStore keys, StreamQuota quota) {
        this.quota = quota;
        this.feeds = feeds;
        this.tokens = tokens;
        this.caller = caller;
        this.keys = keys;
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN, Roles.STREAM})
    @GET
    @Path("/activity/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> activity(@BeanParam FilterParams filters, @Context Sse sse) {
        ActivityFilter filter = filters.filter();
        return SseEvents.open(sse, quota, caller, keys, "open", () -> feeds.activity(caller.workspaceId(), filter));
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @POST
    @Path("/stream-tokens")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "201", description = "a token for ?streamToken= on the stream routes, valid 60 s",
            content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = "application/json",
                    schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = io.apilogs.query.view.StreamToken.class)))
    public Response streamToken() {
        io.apilogs.query.view.StreamToken token = tokens.issue(caller.workspaceId(), caller.keyId());
        return Response.status(201).entity(token).build();
    }
}
