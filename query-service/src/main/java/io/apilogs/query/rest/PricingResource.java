package io.apilogs.query.rest;

import io.apilogs.query.auth.Caller;
import io.apilogs.query.service.PricingService;
import io.smallrye.mutiny.Uni;
import io.apilogs.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The price table in force for the caller's workspace. Setting prices and repricing live in {@link AdminResource}. */
@Path("/v1/pricing")
@Produces(MediaType.APPLICATION_JSON)
@org.eclipse.microprofile.openapi.annotations.tags.Tag(name = "Pricing")
public class PricingResource {
    private final PricingService pricing;
    private final Caller caller;

    public PricingResource(PricingService pricing, Caller caller) {
        this.pricing = pricing;
        this.caller = caller;
    }

    @RolesAllowed({Roles.READ, Roles.ADMIN})
    @GET
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "The price table in force: the workspace's own prices first, then the defaults")
    public Uni<io.apilogs.query.view.PriceView.PriceList> pricing() {
        return pricing.pricing(caller.workspaceId());
    }
}
