package io.apilogs.query.rest;

import io.apilogs.query.auth.Caller;
import io.apilogs.query.persistence.read.ActivityFilter;
import io.apilogs.query.persistence.read.CallReads;
import io.apilogs.query.service.ExplorerQueries;
import io.apilogs.query.service.ConversationQueries;
import io.apilogs.query.view.CallPage;
import io.apilogs.query.view.CallSummary;
import jakarta.ws.rs.BeanParam;
import io.apilogs.query.service.LiveFeeds;
import io.apilogs.query.service.StreamQuota;
import io.apilogs.security.KeyStore;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
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

/** Single LLM calls: the explorer of issue 25 (through {@link ExplorerQueries}) and the full detail of one (a single read). */
@Path("/v1/calls")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Calls", description = "Single LLM calls: the explorer, its summary, and the full detail of one")
public class CallsResource {
    private final CallReads calls;
    private final ExplorerQueries explorer;
    private final LiveFeeds feeds;
    private final KeyStore keys;
    private final StreamQuota quota;
    private final Caller caller;
    private final DetailBudget budget;

    public CallsResource(CallReads calls, ExplorerQueries explorer, Caller caller, DetailBudget budget, LiveFeeds feeds, KeyStore keys,
                         StreamQuota quota) {
        this.feeds = feeds;
        this.keys = keys;
        this.quota = quota;
        this.calls = calls;
        this.explorer = explorer;
        this.caller = caller;
        this.budget = budget;
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Operation(summary = "Beyond API.md (issue 25): single LLM calls across conversations, in the activity log's filters (days by "
            + "the call's start; its own assistant, model, error, stop reason, tools asked for, cost, tokens, duration, user, tags, "
            + "metadata; q on its conversation's subject), sorted by time, cost, duration or tokens, by keyset")
    public Uni<CallPage> list(@BeanParam FilterParams filters,
                              @Parameter(schema = @Schema(enumeration = {"time", "cost", "duration", "tokens"}, defaultValue = "time")) @QueryParam("sort") String sort,
                              @Parameter(schema = @Schema(enumeration = {"desc", "asc"}, defaultValue = "desc")) @QueryParam("order") String order,
                              @Parameter(description = "1-200", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "50")) @QueryParam("limit") String limit,
                              @Parameter(description = "the nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        ActivityFilter filter = filters.filter();
        return explorer.list(caller.workspaceId(), filter, ExplorerQueries.parseSort(sort), ConversationQueries.parseDescending(order),
                ConversationQueries.parseLimit(limit), cursor);
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN, Roles.STREAM})
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Beyond API.md (issue 25): the explorer live, as Server-Sent Events: each call of the filters (as GET /v1/calls) "
            + "as it is stored, event 'call' with the list's row. No replay")
    public Multi<OutboundSseEvent> stream(@BeanParam FilterParams filters, @Context Sse sse) {
        ActivityFilter filter = filters.filter();
        return SseEvents.open(sse, quota, caller, keys, "open", () -> feeds.calls(caller.workspaceId(), filter));
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/summary")
    @Operation(summary = "Beyond API.md (issue 25): the calls of the same filters summed: count, errors, cost, tokens and duration "
            + "percentiles (p50, p95, p99, max)")
    public Uni<CallSummary> summary(@BeanParam FilterParams filters) {
        return explorer.summary(caller.workspaceId(), filters.filterWithoutSearch("the calls summary"));
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
