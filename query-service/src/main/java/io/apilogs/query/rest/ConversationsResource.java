package io.apilogs.query.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.query.auth.Caller;
import io.apilogs.query.service.ActivityFilter;
import io.apilogs.query.service.ConversationQueries;
import io.apilogs.query.service.LiveFeeds;
import io.apilogs.query.service.StreamQuota;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.apilogs.security.KeyStore;
import io.apilogs.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;

import java.util.List;

@Path("/v1/conversations")
@Produces(MediaType.APPLICATION_JSON)
public class ConversationsResource {
    private final ConversationQueries queries;
    private final LiveFeeds feeds;
    private final Caller caller;
    private final KeyStore keys;
    private final StreamQuota quota;

    public ConversationsResource(ConversationQueries queries, LiveFeeds feeds, Caller caller, KeyStore keys, StreamQuota quota) {
        this.quota = quota;
        this.queries = queries;
        this.feeds = feeds;
        this.caller = caller;
        this.keys = keys;
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    public Uni<ObjectNode> list(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz,
                                @QueryParam("assistant") List<String> assistants, @QueryParam("model") List<String> models,
                                @QueryParam("q") String q, @QueryParam("sort") String sort, @QueryParam("order") String order,
                                @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        ActivityFilter filter = ActivityFilter.parse(from, to, tz, assistants, models, q);
        return queries.list(caller.workspaceId(), filter, ConversationQueries.Sort.parse(sort),
                ConversationQueries.parseDescending(order), ConversationQueries.parseLimit(limit), cursor);
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/{id}")
    public Uni<ObjectNode> one(@PathParam("id") String id) {
        return queries.one(caller.workspaceId(), id).onItem().ifNull().failWith(() -> Problems.notFound("conversation " + id));
    }

    /** Live timeline: every committed item after Last-Event-ID (or ?after), then each new one, in seq order. */
    @RolesAllowed({Roles.READ, Roles.ADMIN, Roles.STREAM})
    @GET
    @Path("/{id}/timeline/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> timelineStream(@PathParam("id") String id, @HeaderParam("Last-Event-ID") String lastEventId,
                                                  @QueryParam("after") String after, @Context jakarta.ws.rs.sse.Sse sse) {
        long from = Sse.after(lastEventId, after);
        String stream = feeds.newStreamId();
        return Sse.limited(quota, caller.keyId(), () -> Sse.events(sse, feeds.timeline(caller.workspaceId(), id, from, stream),
                caller.stillAllowed(keys), "open " + stream));
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/{id}/timeline")
    public Uni<ObjectNode> timeline(@PathParam("id") String id, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return queries.timeline(caller.workspaceId(), id, ConversationQueries.parseLimit(limit), cursor)
                .onItem().ifNull().failWith(() -> Problems.notFound("conversation " + id));
    }
}
