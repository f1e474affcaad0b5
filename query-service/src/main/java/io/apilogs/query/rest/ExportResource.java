package io.apilogs.query.rest;

import io.apilogs.query.auth.Caller;
import io.apilogs.query.persistence.read.ActivityFilter;
import io.apilogs.query.service.Exports;
import io.apilogs.security.Roles;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Function;

/**
 * Beyond API.md (issue 25, item 4): the activity log and the explorer of calls as files, CSV or JSON Lines, with the
 * lists' own filters. Streamed from one database snapshot: no row cap, memory flat whatever the size.
 */
@Path("/v1/export")
@Tag(name = "Export", description = "Filtered lists as CSV or JSON Lines, streamed from one snapshot")
public class ExportResource {
    private final Exports exports;
    private final Caller caller;

    public ExportResource(Exports exports, Caller caller) {
        this.exports = exports;
        this.caller = caller;
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/conversations")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "The activity log's rows of the filters (as GET /v1/conversations), most recent activity first: one JSON "
            + "object a line (the list's row), or CSV with a header line")
    public Multi<Buffer> conversations(@BeanParam FilterParams filters,
                                       @Parameter(schema = @Schema(enumeration = {"jsonl", "csv"}, defaultValue = "jsonl")) @QueryParam("format") String format) {
        Exports.Format parsed = Exports.Format.parse(format);
        ActivityFilter filter = filters.filter();
        return respond("conversations", parsed, f -> exports.conversations(caller.workspaceId(), filter, f));
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/calls")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "The calls of the filters (as GET /v1/calls), newest first; include=bodies adds each call's system prompt, "
            + "messages and response (with thinking and tool calls) to JSON Lines")
    public Multi<Buffer> calls(@BeanParam FilterParams filters,
                               @Parameter(schema = @Schema(enumeration = {"jsonl", "csv"}, defaultValue = "jsonl")) @QueryParam("format") String format,
                               @Parameter(schema = @Schema(enumeration = {"bodies"})) @QueryParam("include") String include) {
        Exports.Format parsed = Exports.Format.parse(format);
        boolean bodies = Exports.bodies(include, parsed);
        ActivityFilter filter = filters.filter();
        return respond("calls", parsed, f -> exports.calls(caller.workspaceId(), filter, f, bodies));
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/tool-executions")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "The tool executions of the filters (as GET /v1/tool-executions), newest first; include=bodies adds each one's "
            + "input and result to JSON Lines")
    public Multi<Buffer> toolExecutions(@BeanParam FilterParams filters,
                                        @Parameter(schema = @Schema(enumeration = {"jsonl", "csv"}, defaultValue = "jsonl")) @QueryParam("format") String format,
                                        @Parameter(schema = @Schema(enumeration = {"bodies"})) @QueryParam("include") String include) {
        Exports.Format parsed = Exports.Format.parse(format);
        boolean bodies = Exports.bodies(include, parsed);
        ActivityFilter filter = filters.filter();
        return respond("tool-executions", parsed, f -> exports.tools(caller.workspaceId(), filter, f, bodies));
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/http-requests")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "The tools' HTTP requests of the filters (as GET /v1/http-requests), newest first; include=bodies adds their "
            + "headers and bodies (redacted and cut as stored) to JSON Lines")
    public Multi<Buffer> httpRequests(@BeanParam FilterParams filters,
                                      @Parameter(schema = @Schema(enumeration = {"jsonl", "csv"}, defaultValue = "jsonl")) @QueryParam("format") String format,
                                      @Parameter(schema = @Schema(enumeration = {"bodies"})) @QueryParam("include") String include) {
        Exports.Format parsed = Exports.Format.parse(format);
        boolean bodies = Exports.bodies(include, parsed);
        ActivityFilter filter = filters.filter();
        return respond("http-requests", parsed, f -> exports.http(caller.workspaceId(), filter, f, bodies));
    }

    private RestMulti<Buffer> respond(String what, Exports.Format format, Function<Exports.Format, Multi<Buffer>> body) {
        if (!exports.acquire()) {
            throw Problems.busy(5, "this replica is running " + Exports.MAX_RUNNING + " exports; retry in a few seconds");
        }
        Multi<Buffer> data;
        try {
            data = body.apply(format).onTermination().invoke(exports::release);
        } catch (RuntimeException e) {
            exports.release();
            throw e;
        }
        String file = what + "-" + LocalDate.now(ZoneOffset.UTC) + (format == Exports.Format.CSV ? ".csv" : ".jsonl");
        return RestMulti.fromMultiData(data)
                .header("Content-Type", format == Exports.Format.CSV ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }
}
