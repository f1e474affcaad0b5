package io.apilogs.security;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Limits per client address on what a caller without a working credential can make a service do (issue 22): a flood
 * of made-up keys once cost 2,900 database lookups a second, and {@code POST /v1/session} took 590 guesses a second,
 * each an UPDATE. Both are counted per address, before authentication runs:
 * <ul>
 *   <li>answers of 401 to requests that carried a credential ({@code APILOGS_LIMITS_FAILED_AUTH_PER_SECOND}, bursts of
 *   ten times that): once spent, any request from that address that carries a credential gets 429 with
 *   {@code Retry-After} until the bucket refills, without a lookup;</li>
 *   <li>sign-in attempts, {@code POST /v1/session} ({@code APILOGS_LIMITS_SIGN_IN_PER_SECOND}, bursts of ten times that).</li>
 * </ul>
 * The address is the connection's peer, or the forwarded one when Quarkus is told to trust a proxy
 * ({@code quarkus.http.proxy.*}). Counted per replica.
 */
@ApplicationScoped
public class ClientLimits {
    /** Before Quarkus Security's authentication (-200). */
    static final int ORDER = -300;

    private final Throttle failedAuth;
    private final Throttle signIn;

    public ClientLimits(@ConfigProperty(name = "apilogs.limits.failed-auth-per-second", defaultValue = "20") long failedAuthPerSecond,
                        @ConfigProperty(name = "apilogs.limits.sign-in-per-second", defaultValue = "5") long signInPerSecond) {
        this.failedAuth = new Throttle(failedAuthPerSecond, 10 * failedAuthPerSecond);
        this.signIn = new Throttle(signInPerSecond, 10 * signInPerSecond);
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
        boolean credential = ctx.request().getHeader(HttpHeaders.AUTHORIZATION) != null;
        if (credential) {
            Throttle.Decision decision = failedAuth.check(address);
            if (!decision.allowed()) {
                tooMany(ctx, decision, "too many requests with unknown credentials from this address (at most "
                        + failedAuth.describe() + ")");
                return;
            }
            ctx.addHeadersEndHandler(v -> {
                if (ctx.response().getStatusCode() == 401) {
                    failedAuth.take(address);
                }
            });
        }
        if (ctx.request().method() == HttpMethod.POST && "/v1/session".equals(ctx.normalizedPath())) {
            Throttle.Decision decision = signIn.take(address);
            if (!decision.allowed()) {
                tooMany(ctx, decision, "too many sign-in attempts from this address (at most " + signIn.describe() + ")");
                return;
            }
        }
        ctx.next();
    }

    private static void tooMany(RoutingContext ctx, Throttle.Decision decision, String why) {
        HttpProblems.tooMany(ctx, decision.retryAfterSeconds(), why + "; retry after " + decision.retryAfterSeconds() + " s");
    }
}
