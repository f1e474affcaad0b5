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
        return export("conversations", filters, format, null, (ws, filter, f, bodies) -> exports.conversations(ws, filter, f));
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
        return export("calls", filters, format, include, exports::calls);
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
        return export("tool-executions", filters, format, include, exports::tools);
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
        return export("http-requests", filters, format, include, exports::http);
    }

    /** How one list is exported: the workspace's rows of the filter in the format, with bodies or not. */
    private interface Exporter {
        Multi<Buffer> rows(String workspaceId, ActivityFilter filter, Exports.Format format, boolean bodies);
    }

    /** The parameters checked (a 400 names a bad one) before a slot is taken; the slot is given back when the stream ends. */
    private RestMulti<Buffer> export(String what, FilterParams filters, String format, String include, Exporter exporter) {
        Exports.Format parsed = Exports.Format.parse(format);
        boolean bodies = Exports.bodies(include, parsed);
        ActivityFilter filter = filters.filterWithoutSearch("exports");
        if (!exports.acquire()) {
            throw Problems.busy(5, "this replica is running " + Exports.MAX_RUNNING + " exports; retry in a few seconds");
        }
        Multi<Buffer> data;
        try {
            data = exporter.rows(caller.workspaceId(), filter, parsed, bodies).onTermination().invoke(exports::release);
        } catch (RuntimeException e) {
            exports.release();
            throw e;
        }
        String file = what + "-" + LocalDate.now(ZoneOffset.UTC) + (parsed == Exports.Format.CSV ? ".csv" : ".jsonl");
        return RestMulti.fromMultiData(data)
                .header("Content-Type", parsed == Exports.Format.CSV ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }
}
