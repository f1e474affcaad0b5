package io.apilogs.query.rest;

import io.apilogs.query.auth.Caller;
import io.apilogs.query.persistence.read.ActivityFilter;
import io.apilogs.query.service.ConversationQueries;
import io.apilogs.query.service.LiveFeeds;
import io.apilogs.query.service.StreamQuota;
import io.apilogs.query.view.ConversationPage;
import io.apilogs.query.view.ConversationView;
import io.apilogs.query.view.TimelineItem;
import io.apilogs.query.view.TimelinePage;
import io.apilogs.security.KeyStore;
import io.apilogs.security.Roles;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/v1/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Conversations", description = "The activity log, one conversation, and its timeline (REST and live)")
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
    @Operation(summary = "The activity log: one row per conversation",
            description = "Filters AND together; repeated assistant or model values OR. A row's numbers always cover the whole conversation.")
    public Uni<ConversationPage> list(
            @BeanParam FilterParams filters,
            @Parameter(schema = @Schema(enumeration = {"lastActivity", "cost", "tokens", "calls"}, defaultValue = "lastActivity")) @QueryParam("sort") String sort,
            @Parameter(schema = @Schema(enumeration = {"desc", "asc"}, defaultValue = "desc")) @QueryParam("order") String order,
            @Parameter(description = "1-200", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER, defaultValue = "50")) @QueryParam("limit") String limit,
            @Parameter(description = "the nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        ActivityFilter filter = filters.filter();
        return queries.list(caller.workspaceId(), filter, ConversationQueries.parseSort(sort),
                ConversationQueries.parseDescending(order), ConversationQueries.parseLimit(limit), cursor);
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/{id}")
    @Operation(summary = "One row of the activity log")
    public Uni<ConversationView> one(@PathParam("id") String id) {
        return queries.one(caller.workspaceId(), id).onItem().ifNull().failWith(() -> Problems.notFound("conversation " + id));
    }

    /** Live timeline: every committed item after Last-Event-ID (or ?after), then each new one, in seq order. */
    @RolesAllowed({Roles.READ, Roles.ADMIN, Roles.STREAM})
    @GET
    @Path("/{id}/timeline/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "The live timeline (Server-Sent Events)",
            description = "Each committed item once, as `event: item`, `id: <seq>`, `data: <TimelineItem>`, in seq order; first every item "
                    + "after Last-Event-ID (or ?after), then live. A comment line at least every 15 s. Browsers pass ?streamToken=.")
    @APIResponse(responseCode = "200", description = "the event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(implementation = TimelineItem.class)))
    public Multi<OutboundSseEvent> timelineStream(@PathParam("id") String id,
                                                  @Parameter(in = ParameterIn.HEADER, description = "resume after this seq") @HeaderParam("Last-Event-ID") String lastEventId,
                                                  @Parameter(description = "resume after this seq (Last-Event-ID wins)") @QueryParam("after") String after,
                                                  @Context jakarta.ws.rs.sse.Sse sse) {
        long from = SseEvents.after(lastEventId, after);
        String stream = feeds.newStreamId();
        return SseEvents.open(sse, quota, caller, keys, "open " + stream, () -> feeds.timeline(caller.workspaceId(), id, from, stream));
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/{id}/matches")
    @Operation(summary = "Beyond API.md (issue 26): every match of a content search in one conversation, in timeline order, for "
            + "\"find in this conversation\": the subject's, then each item's (kind, itemId, startedAt, field, snippet, highlight), "
            + "at most 1,000")
    public Uni<ConversationView.Matches> matches(@PathParam("id") String id,
                                                 @Parameter(description = "the content search, as the lists take it") @QueryParam("q") String q,
                                                 @Parameter(description = "the parts to look in, as the lists take it") @QueryParam("in") java.util.List<String> in) {
        io.apilogs.query.search.SearchQuery query = io.apilogs.query.search.SearchQuery.parse(q, in);
        return queries.matches(caller.workspaceId(), id, query).onItem().ifNull().failWith(() -> Problems.notFound("conversation " + id));
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/{id}/timeline")
    @Operation(summary = "Every LLM call, tool execution and HTTP request of the conversation, by startedAt then seq")
    public Uni<TimelinePage> timeline(@PathParam("id") String id,
                                      @Parameter(description = "1-200", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER, defaultValue = "50")) @QueryParam("limit") String limit,
                                      @Parameter(description = "the nextCursor of the previous page") @QueryParam("cursor") String cursor,
                                      @Parameter(description = "beyond API.md: <kind>:<id> of an item; a first page with pageCursors then "
                                              + "says which page holds it (itemPage)") @QueryParam("item") String item) {
        return queries.timeline(caller.workspaceId(), id, ConversationQueries.parseLimit(limit), cursor, item)
                .onItem().ifNull().failWith(() -> Problems.notFound("conversation " + id));
    }
}
