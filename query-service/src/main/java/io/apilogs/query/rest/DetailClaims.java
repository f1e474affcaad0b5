package io.apilogs.query.rest;

import io.apilogs.query.service.DetailBudget;
import io.vertx.ext.web.RoutingContext;

/** A detail read's claim on the {@link DetailBudget}, given back when its response has been sent or its client has gone. */
final class DetailClaims {
    private DetailClaims() {
    }

    static DetailBudget.Claim of(DetailBudget budget, RoutingContext request) {
        DetailBudget.Claim claim = budget.claim();
        request.addEndHandler(done -> claim.close());
        return claim;
    }
}
