package io.apilogs.ingest.rest;

import io.apilogs.ingest.config.IngestConfig;
import io.apilogs.ingest.limits.BodyBudget;
import io.apilogs.ingest.limits.RateLimiter;
import io.apilogs.ingest.limits.TreeCharge;
import io.apilogs.ingest.observe.IngestMetrics;
import io.apilogs.ingest.service.BatchRejected;
import io.apilogs.ingest.service.IngestService;
import io.apilogs.model.api.Problem;
import io.apilogs.security.HttpProblems;
import io.apilogs.security.Identities;
import io.apilogs.security.Roles;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How an ingest route takes a body: the caller's key and rate limit, the media type and encoding, the size limit while
 * the body streams in (413 without buffering an oversized body), the in-flight body budget, gzip within the limit,
 * then the route's {@link Target} on a worker thread and its answer once Kafka acknowledged what it published.
 * Authentication and the {@code ingest} role are checked by Quarkus Security before (HTTP permission {@code ingest}).
 */
@ApplicationScoped
public class BodyIntake {
    private final IngestConfig config;
    private final RateLimiter limiter;
    private final IngestMetrics metrics;
    private final BodyBudget budget;

    /** A submission on its way, and how to answer once Kafka acknowledged it. */
    record Pending(IngestService.Submission submission, java.util.function.Consumer<RoutingContext> answer) {
    }

    /** What a route does with a body that was read within the limits (and inflated). Runs on a worker thread. */
    interface Target {
        Pending submit(byte[] body, String contentType, String workspaceId, String keyId, TreeCharge charge);
    }

    public BodyIntake(IngestConfig config, RateLimiter limiter, IngestMetrics metrics, BodyBudget budget) {
        this.config = config;
        this.limiter = limiter;
        this.metrics = metrics;
        this.budget = budget;
    }

    void handle(RoutingContext ctx, java.util.function.Predicate<String> acceptsType, String types, Target target) {
        SecurityIdentity identity = ctx.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        if (identity == null || identity.isAnonymous()) {
            HttpProblems.send(ctx, 401, "Unauthorized", "an ingest key is required: Authorization: Bearer <key>");
            return;
        }
        if (!identity.hasRole(Roles.INGEST)) {
            HttpProblems.send(ctx, 403, "Forbidden", "posting events needs an ingest key");
            return;
        }
        String keyId = identity.getAttribute(Identities.KEY_ID);
        RateLimiter.Decision decision = limiter.request(keyId);
        if (!decision.allowed()) {
            metrics.batchRejected(IngestMetrics.Reason.RATE_LIMITED);
            tooMany(ctx, decision);
            return;
        }
        readBody(ctx, Identities.workspaceId(identity), keyId, acceptsType, types, target);
    }

    private void readBody(RoutingContext ctx, String workspaceId, String keyId, java.util.function.Predicate<String> acceptsType,
                          String types, Target target) {
        HttpServerRequest request = ctx.request();
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (!acceptsType.test(contentType)) {
            metrics.batchRejected(IngestMetrics.Reason.MALFORMED);
            HttpProblems.send(ctx, 415, "Unsupported Media Type", "the body must be " + types);
            return;
        }
        String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
            metrics.batchRejected(IngestMetrics.Reason.MALFORMED);
            HttpProblems.send(ctx, 415, "Unsupported Media Type", "Content-Encoding must be gzip or identity");
            return;
        }
        String declaredLength = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declaredLength != null) {
            try {
                if (Long.parseLong(declaredLength.trim()) > config.maxBodyBytes()) {
                    tooLarge(ctx);
                    return;
                }
            } catch (NumberFormatException e) {
                metrics.batchRejected(IngestMetrics.Reason.MALFORMED);
                HttpProblems.send(ctx, 400, "Bad Request", "Content-Length is not a number");
                return;
            }
        }
        Buffer body = Buffer.buffer();
        boolean[] aborted = {false};
        // The exchange's share is given back once it is answered or dropped (addEndHandler covers both).
        BodyBudget.Reservation reservation = budget.reserve();
        ctx.addEndHandler(v -> reservation.leave());
        request.handler(chunk -> {
            if (aborted[0]) {
                return;
            }
            if (body.length() + chunk.length() > config.maxBodyBytes()) {
                aborted[0] = true;
                tooLarge(ctx);
            } else if (!reservation.grow(chunk.length())) {
                aborted[0] = true;
                busy(ctx);
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(e -> aborted[0] = true);
        request.endHandler(v -> {
            if (!aborted[0]) {
                ingest(ctx, workspaceId, keyId, body.getBytes(), gzip, contentType, target, reservation);
            }
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue();
        }
        request.resume();
    }

    private void ingest(RoutingContext ctx, String workspaceId, String keyId, byte[] body, boolean gzip, String contentType,
                        Target target, BodyBudget.Reservation reservation) {
        Context context = Vertx.currentContext();
        if (!reservation.join()) {
            return; // the client is gone
        }
        ctx.vertx().executeBlocking(() -> {
            if (ctx.response().closed()) {
                return null; // the client left while this body waited for a worker
            }
            return target.submit(gzip ? inflate(body, reservation) : body, contentType, workspaceId, keyId, charge(reservation));
        }, false).onComplete(ar -> {
            // The worker is done with the body (what it published is in the producer's own buffer).
            reservation.leave();
            if (ar.succeeded() && ar.result() == null) {
                return;
            }
            if (ar.failed()) {
                if (ar.cause() instanceof BatchRejected rejected) {
                    if (rejected.problem().status() == 503) {
                        metrics.batchRejected(IngestMetrics.Reason.UNAVAILABLE);
                    } else if (rejected.problem().status() != 429) {
                        // A 429 here is the per-event limit, counted by event in IngestService.
                        metrics.batchRejected(IngestMetrics.Reason.MALFORMED);
                    }
                    if (rejected.retryAfterSeconds() > 0) {
                        ctx.response().putHeader("Retry-After", String.valueOf(rejected.retryAfterSeconds()));
                    }
                    HttpProblems.send(ctx, rejected.problem().status(), Problem.MEDIA_TYPE, rejected.problem());
                } else {
                    // Kafka's failures come through the acks below; anything else is a fault of this service (or an
                    // Error), which a retry of the same body would meet again: never a 503.
                    Log.errorf(ar.cause(), "ingest of a batch for workspace %s failed", workspaceId);
                    metrics.batchRejected(IngestMetrics.Reason.MALFORMED);
                    HttpProblems.send(ctx, 500, "Internal Server Error", "the service could not process this body ("
                            + ar.cause().getClass().getSimpleName() + "); nothing of it was accepted");
                }
                return;
            }
            Pending pending = ar.result();
            IngestService.Submission submission = pending.submission();
            submission.acks().orTimeout(config.ackTimeout().toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> context.runOnContext(x -> {
                if (failure != null) {
                    String why = failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException
                            ? "the event log did not acknowledge the batch within " + config.ackTimeout().toMillis() + " ms"
                            : "the event log rejected the batch";
                    Log.warnf("batch of %d events for workspace %s not acknowledged: %s", submission.published(), workspaceId,
                            failure.getClass().getName());
                    metrics.rejected(submission.acceptedByType(), IngestMetrics.Reason.UNAVAILABLE);
                    unavailable(ctx, why + "; retry it whole with the same eventIds");
                } else {
                    metrics.accepted(submission.acceptedByType());
                    pending.answer().accept(ctx);
                }
            }));
        });
    }

    /** Charges the request's reservation for the trees its body becomes; refuses when it may not hold them. */
    private TreeCharge charge(BodyBudget.Reservation reservation) {
        return values -> {
            switch (reservation.take(values * TreeCharge.BYTES_PER_VALUE)) {
                case TAKEN -> {
                }
                case BUSY -> throw new BatchRejected(Problem.of(503, "Service Unavailable", budgetSpent()), config.retryAfterSeconds());
                case NEVER -> throw new BatchRejected(Problem.of(413, "Content Too Large", "the body holds more values than one"
                        + " request may build (" + budget.limit() + " bytes at " + TreeCharge.BYTES_PER_VALUE + " per JSON token or"
                        + " protobuf field, its own bytes included); send it in smaller batches"));
            }
        };
    }

    private byte[] inflate(byte[] compressed, BodyBudget.Reservation reservation) {
        try {
            return Gzip.inflate(compressed, config.maxBodyBytes(), reservation::grow);
        } catch (Gzip.OverBudget e) {
            throw new BatchRejected(Problem.of(503, "Service Unavailable", budgetSpent()), config.retryAfterSeconds());
        } catch (Gzip.TooLarge e) {
            throw new BatchRejected(Problem.of(413, "Content Too Large", "the inflated body exceeds " + config.maxBodyBytes() + " bytes"));
        } catch (IOException e) {
            throw new BatchRejected(Problem.of(400, "Bad Request", "the body is not valid gzip"));
        }
    }

    private void unavailable(RoutingContext ctx, String detail) {
        ctx.response().putHeader("Retry-After", String.valueOf(config.retryAfterSeconds()));
        HttpProblems.send(ctx, 503, "Service Unavailable", detail);
    }

    /**
     * Says {@code Connection: close}: the rest of a body still arriving is read and thrown away (nothing of it is
     * held), then the connection closes. Closing it at once would make most clients, still sending, see a broken pipe
     * instead of the answer.
     */
    private static void closeOnceAnswered(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    }

    /** The body budget is spent: push back, and stop reading this body. */
    private void busy(RoutingContext ctx) {
        metrics.batchRejected(IngestMetrics.Reason.UNAVAILABLE);
        closeOnceAnswered(ctx);
        unavailable(ctx, budgetSpent());
    }

    /** Why a request is pushed back when the body budget is spent (while reading, inflating or parsing). */
    private String budgetSpent() {
        return "the service holds as many request bodies as it may (" + budget.limit() + " bytes); retry after "
                + config.retryAfterSeconds() + " s";
    }

    private static void tooMany(RoutingContext ctx, RateLimiter.Decision decision) {
        HttpProblems.tooMany(ctx, decision.retryAfterSeconds(), "this key is over its rate limit of " + decision.limit()
                + "; retry after " + decision.retryAfterSeconds() + " s");
    }

    private void tooLarge(RoutingContext ctx) {
        metrics.batchRejected(IngestMetrics.Reason.MALFORMED);
        closeOnceAnswered(ctx);
        HttpProblems.send(ctx, 413, "Content Too Large", "the body exceeds " + config.maxBodyBytes() + " bytes");
    }

}
