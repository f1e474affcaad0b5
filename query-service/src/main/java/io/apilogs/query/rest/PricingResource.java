package io.apilogs.query.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.query.auth.Caller;
import io.apilogs.query.service.PricingService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Prices in force (read key) and a workspace's own prices and repricing (admin key of the workspace). */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PricingResource {
    private final PricingService pricing;
    private final Caller caller;

    public PricingResource(PricingService pricing, Caller caller) {
        this.pricing = pricing;
        this.caller = caller;
    }

    @GET
    @Path("/pricing")
    public Uni<ObjectNode> pricing() {
        return pricing.pricing(caller.workspaceId());
    }

    @PUT
    @Path("/admin/prices/{model}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ObjectNode> put(@PathParam("model") String model, JsonNode body) {
        return pricing.put(caller.workspaceId(), model, body);
    }

    @POST
    @Path("/admin/reprice")
    public Uni<ObjectNode> reprice(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz) {
        return pricing.reprice(caller.workspaceId(), from, to, tz);
    }
}
