package io.apilogs.query.auth;

import io.apilogs.security.HttpProblems;
import io.apilogs.security.Identities;
import io.apilogs.security.Throttle;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.apilogs.query.config.QueryConfig;

/**
 * Requests per second per key on the API ({@code APILOGS_LIMITS_READS_PER_SECOND}, bursts of five times that), per
 * replica: one read key once made 638 reads a second of 200 items each. The default leaves a dashboard, the UI and a
 * script paging through a large workspace well inside it. Live streams are not counted here (each stream
 * is one long request, bounded by {@code StreamQuota}); the operator token is not limited. Past it: 429 with
 * {@code Retry-After}.
 */
@ApplicationScoped
public class ReadLimits {
    /** After Quarkus Security's authentication (-200) and authorization (-100), which put the identity on the request. */
    static final int ORDER = -50;

    private final Throttle perKey;

    public ReadLimits(QueryConfig config) {
        long perSecond = config.limits().readsPerSecond();
        this.perKey = new Throttle(perSecond, 5 * perSecond);
    }

    void install(@Observes Router router) {
        router.route("/v1/*").order(ORDER).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        SecurityIdentity identity = ctx.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        String keyId = identity == null ? null : identity.getAttribute(Identities.KEY_ID);
        if (keyId == null || ctx.normalizedPath().endsWith("/stream")) {
            ctx.next();
            return;
        }
        Throttle.Decision decision = perKey.take(keyId);
        if (!decision.allowed()) {
            HttpProblems.tooMany(ctx, decision.retryAfterSeconds(), "this key is over its rate limit of " + perKey.describe()
                    + " requests; retry after " + decision.retryAfterSeconds() + " s");
            return;
        }
        ctx.next();
    }
}
