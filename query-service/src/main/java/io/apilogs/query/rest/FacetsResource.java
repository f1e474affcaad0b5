package io.apilogs.query.rest;

import io.apilogs.query.auth.Caller;
import io.apilogs.query.persistence.read.ActivityFilter;
import io.apilogs.query.persistence.read.FacetReads;
import io.apilogs.query.persistence.read.LabelFacets;
import io.apilogs.query.view.Facets;
import io.apilogs.query.view.UsageReport;
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

import java.util.List;

/** Filter pickers and usage analytics: single reads, asked of the read side directly. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Analytics", description = "Filter pickers and usage over time")
public class FacetsResource {
    private final FacetReads facets;
    private final LabelFacets labels;
    private final Caller caller;

    public FacetsResource(FacetReads facets, LabelFacets labels, Caller caller) {
        this.facets = facets;
        this.labels = labels;
        this.caller = caller;
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/assistants")
    @Operation(summary = "Assistants, with the conversations each owns in the range; narrowed by the activity log's other "
            + "filters (model, q), never by the assistant filter itself")
    public Uni<Facets.AssistantList> assistants(@BeanParam FilterParams filters) {
        return facets.assistants(caller.workspaceId(), filters.withoutAssistants());
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/models")
    @Operation(summary = "Models, with the calls that used each in the range and the conversations of the activity log's "
            + "other filters (assistant, q) that used each; never narrowed by the model filter itself")
    public Uni<Facets.ModelList> models(@BeanParam FilterParams filters) {
        return facets.models(caller.workspaceId(), filters.withoutModels());
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/users")
    @Operation(summary = "End users (issue 25), with the conversations of the activity log's other filters whose events named "
            + "each; never narrowed by the user filter itself. Most conversations first")
    public Uni<Facets.UserList> users(@BeanParam FilterParams filters,
                                      @Parameter(description = "how many (1-1000, default 100)") @QueryParam("limit") Integer limit) {
        return labels.users(caller.workspaceId(), filters.withoutUsers(), limit);
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/tags")
    @Operation(summary = "Tags (issue 25), with the conversations of the activity log's other filters whose events carried "
            + "each; never narrowed by the tag filter itself. Most conversations first")
    public Uni<Facets.TagList> tags(@BeanParam FilterParams filters,
                                    @Parameter(description = "how many (1-1000, default 100)") @QueryParam("limit") Integer limit) {
        return labels.tags(caller.workspaceId(), filters.withoutTags(), limit);
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @Path("/analytics/usage")
    @Operation(summary = "Calls, tokens and cost by day, model or assistant, with totals; beyond API.md, in any of the activity "
            + "log's filters, applied to each call as GET /v1/calls does")
    public Uni<UsageReport> usage(@BeanParam FilterParams filters,
                                  @Parameter(schema = @Schema(enumeration = {"day", "model", "assistant"}, defaultValue = "day")) @QueryParam("groupBy") String groupBy) {
        return facets.usage(caller.workspaceId(), filters.filterWithoutSearch("usage analytics"), groupBy);
    }
}
