package io.apilogs.query.rest;

import io.apilogs.query.auth.Caller;
import io.apilogs.query.persistence.read.SeriesReads;
import io.apilogs.query.view.Series;
import io.apilogs.security.Roles;
import io.smallrye.mutiny.Uni;
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

/**
 * The analytics dashboard's reads (issue 27). At {@code /v1} as FacetsResource (which keeps {@code /analytics/usage}):
 * a class at {@code /v1/analytics} would take every {@code /v1/analytics/...} path from it.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Analytics", description = "Filter pickers and usage over time")
public class AnalyticsResource {
    private final SeriesReads series;
    private final Caller caller;

    public AnalyticsResource(SeriesReads series, Caller caller) {
        this.series = series;
        this.caller = caller;
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/analytics/series")
    @Operation(summary = "Calls, tokens, cost, errors and 429s, LLM latency percentiles, cache hit ratio and savings, and "
            + "rate-limit headroom per interval of the range (the last 30 days when none is given), in the viewer's zone; "
            + "one line for all calls or one per model or assistant. Any of the activity log's filters")
    public Uni<Series> series(@BeanParam FilterParams filters,
                              @Parameter(description = "hour, day or week; chosen from the range when absent or auto (hours up to "
                                      + "3 days, days up to 92, weeks beyond)",
                                      schema = @Schema(enumeration = {"auto", "hour", "day", "week"})) @QueryParam("interval") String interval,
                              @Parameter(schema = @Schema(enumeration = {"model", "assistant"})) @QueryParam("groupBy") String groupBy,
                              @Parameter(description = "lines drawn when grouped (1-50, default 10, most calls first); the other "
                                      + "groups are summed into one line marked other") @QueryParam("limit") Integer limit) {
        return series.series(caller.workspaceId(), filters.filterWithoutSearch("analytics"), interval, groupBy, limit);
    }
}
