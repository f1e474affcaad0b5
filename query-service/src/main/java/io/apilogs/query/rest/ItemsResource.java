package io.apilogs.query.rest;

import io.apilogs.query.auth.Caller;
import io.apilogs.query.persistence.read.ItemReads;
import io.apilogs.query.persistence.read.PromptReads;
import io.apilogs.query.view.HttpRequestView;
import io.apilogs.query.view.PromptView;
import io.apilogs.query.view.ToolExecutionView;
import io.apilogs.security.Roles;
import io.apilogs.query.service.DetailBudget;
import io.apilogs.query.service.LiveFeeds;
import io.apilogs.query.service.StreamQuota;
import io.apilogs.security.KeyStore;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.QueryParam;
import io.apilogs.query.persistence.read.ActivityFilter;
import io.apilogs.query.service.ConversationQueries;
import io.apilogs.query.service.ExplorerQueries;
import io.apilogs.query.view.ItemRows;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tool executions and tools' HTTP requests (explorers, through {@link ExplorerQueries}, and one by id), and system prompts. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Items", description = "Tool executions, tools' HTTP requests and system prompts")
public class ItemsResource {
    private final ItemReads items;
    private final PromptReads prompts;
    private final ExplorerQueries explorer;
    private final Caller caller;

    private final DetailBudget budget;
    private final LiveFeeds feeds;
    private final KeyStore keys;
    private final StreamQuota quota;

    public ItemsResource(ItemReads items, PromptReads prompts, ExplorerQueries explorer, Caller caller, DetailBudget budget, LiveFeeds feeds,
                         KeyStore keys, StreamQuota quota) {
        this.feeds = feeds;
        this.keys = keys;
        this.quota = quota;
        this.explorer = explorer;
        this.budget = budget;
        this.items = items;
        this.prompts = prompts;
        this.caller = caller;
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/tool-executions")
    @Operation(summary = "Beyond API.md (issue 25): single tool executions across conversations, in the list filters (days by its start, "
            + "assistant, status, tool, duration, user, tag, metadata, errorType, httpStatus; q on its conversation's subject), by time or duration")
    public Uni<ItemRows.ToolPage> toolExecutions(@BeanParam FilterParams filters,
                                                 @Parameter(schema = @Schema(enumeration = {"time", "duration"}, defaultValue = "time")) @QueryParam("sort") String sort,
                                                 @Parameter(schema = @Schema(enumeration = {"desc", "asc"}, defaultValue = "desc")) @QueryParam("order") String order,
                                                 @Parameter(description = "1-200") @QueryParam("limit") String limit,
                                                 @Parameter(description = "the nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        ActivityFilter filter = filters.filter();
        return explorer.tools(caller.workspaceId(), filter, sort, ConversationQueries.parseDescending(order), ConversationQueries.parseLimit(limit), cursor);
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/http-requests")
    @Operation(summary = "Beyond API.md (issue 25): single HTTP requests of tools across conversations, in the list filters (status=error: "
            + "an error or a status of 400 or more; tool: the plugin; httpStatus: the status code), by time or duration")
    public Uni<ItemRows.HttpPage> httpRequests(@BeanParam FilterParams filters,
                                               @Parameter(schema = @Schema(enumeration = {"time", "duration"}, defaultValue = "time")) @QueryParam("sort") String sort,
                                               @Parameter(schema = @Schema(enumeration = {"desc", "asc"}, defaultValue = "desc")) @QueryParam("order") String order,
                                               @Parameter(description = "1-200") @QueryParam("limit") String limit,
                                               @Parameter(description = "the nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        ActivityFilter filter = filters.filter();
        return explorer.http(caller.workspaceId(), filter, sort, ConversationQueries.parseDescending(order), ConversationQueries.parseLimit(limit), cursor);
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN, Roles.STREAM})
    @GET
    @Path("/tool-executions/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Beyond API.md (issue 25): the tool executions explorer live, as Server-Sent Events: each tool execution of the "
            + "filters (as GET /v1/tool-executions) as it is stored, event 'tool_execution' with the list's row. No replay")
    public Multi<OutboundSseEvent> toolStream(@BeanParam FilterParams filters, @Context Sse sse) {
        ActivityFilter filter = filters.filter();
        return SseEvents.open(sse, quota, caller, keys, "open", () -> feeds.tools(caller.workspaceId(), filter));
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN, Roles.STREAM})
    @GET
    @Path("/http-requests/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Beyond API.md (issue 25): the HTTP requests explorer live, as Server-Sent Events: each tool HTTP request of the "
            + "filters (as GET /v1/http-requests) as it is stored, event 'http_request' with the list's row. No replay")
    public Multi<OutboundSseEvent> httpStream(@BeanParam FilterParams filters, @Context Sse sse) {
        ActivityFilter filter = filters.filter();
        return SseEvents.open(sse, quota, caller, keys, "open", () -> feeds.http(caller.workspaceId(), filter));
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/tool-executions/{id}")
    @Operation(summary = "One tool execution, by the eventId its timeline item carries as id")
    public Uni<ToolExecutionView> toolExecution(@PathParam("id") String id, RoutingContext request) {
        return items.toolExecution(caller.workspaceId(), id, DetailClaims.of(budget, request)).onItem().ifNull().failWith(() -> Problems.notFound("tool execution " + id));
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/http-requests/{id}")
    @Operation(summary = "One HTTP request a tool made, by the eventId its timeline item carries as id")
    public Uni<HttpRequestView> httpRequest(@PathParam("id") String id, RoutingContext request) {
        return items.httpRequest(caller.workspaceId(), id, DetailClaims.of(budget, request)).onItem().ifNull().failWith(() -> Problems.notFound("HTTP request " + id));
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/prompts/{sha256}")
    @Operation(summary = "One system prompt, by the SHA-256 of its UTF-8 text")
    public Uni<PromptView> prompt(@PathParam("sha256") String sha256, RoutingContext request) {
        return prompts.prompt(caller.workspaceId(), sha256, DetailClaims.of(budget, request)).onItem().ifNull().failWith(() -> Problems.notFound("prompt " + sha256));
    }
}
