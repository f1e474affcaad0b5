package io.apilogs.ingest.rest;

import io.apilogs.ingest.auth.IngestKeys;
import io.apilogs.ingest.config.IngestConfig;
import io.apilogs.ingest.service.BatchRejected;
import io.apilogs.ingest.service.IngestService;
import io.apilogs.model.ApiKeys;
import io.apilogs.model.Json;
import io.apilogs.model.api.Problem;
import io.apilogs.model.auth.KeyLookup;
import io.quarkus.logging.Log;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /v1/events} as a plain Vert.x route rather than a REST resource: the body limit must be enforced while
 * the body streams in (413 without buffering an oversized body), and the key must be checked before any of it is read.
 */
@ApplicationScoped
public class EventsRoute {
    private final IngestKeys keys;
    private final IngestService service;
    private final IngestConfig config;

    public EventsRoute(IngestKeys keys, IngestService service, IngestConfig config) {
        this.keys = keys;
        this.service = service;
        this.config = config;
    }

    void install(@Observes Router router) {
        router.post("/v1/events").order(-100).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause();
        Context context = Vertx.currentContext();
        String key = ApiKeys.bearer(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (key == null) {
            problem(ctx, 401, "Unauthorized", "an ingest key is required: Authorization: Bearer <key>");
            return;
        }
        keys.lookup(key).whenComplete((lookup, failure) -> context.runOnContext(v -> {
            if (failure != null || lookup instanceof KeyLookup.Unavailable) {
                ctx.response().putHeader("Retry-After", String.valueOf(config.retryAfterSeconds()));
                problem(ctx, 503, "Service Unavailable", "the key store is unreachable; retry later");
            } else if (lookup instanceof KeyLookup.Found found) {
                if (found.key().scope() != ApiKeys.Scope.INGEST) {
                    problem(ctx, 403, "Forbidden", "this key's scope is " + found.key().scope().wireName() + "; posting events needs an ingest key");
                } else {
                    readBody(ctx, found.key().workspaceId());
                }
            } else {
                problem(ctx, 401, "Unauthorized", "the key is unknown or revoked");
            }
        }));
    }

    private void readBody(RoutingContext ctx, String workspaceId) {
        HttpServerRequest request = ctx.request();
        if (!isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            problem(ctx, 415, "Unsupported Media Type", "the body must be application/json");
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
                problem(ctx, 400, "Bad Request", "Content-Length is not a number");
                return;
            }
        }
        Buffer body = Buffer.buffer();
        boolean[] aborted = {false};
        request.handler(chunk -> {
            if (aborted[0]) {
                return;
            }
            if (body.length() + chunk.length() > config.maxBodyBytes()) {
                aborted[0] = true;
                tooLarge(ctx);
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(e -> aborted[0] = true);
        request.endHandler(v -> {
            if (!aborted[0]) {
                ingest(ctx, workspaceId, body.getBytes());
            }
        });
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            ctx.response().writeContinue();
        }
        request.resume();
    }

    private void ingest(RoutingContext ctx, String workspaceId, byte[] body) {
        Context context = Vertx.currentContext();
        ctx.vertx().executeBlocking(() -> service.submit(body, workspaceId), false).onComplete(ar -> {
            if (ar.failed()) {
                if (ar.cause() instanceof BatchRejected rejected) {
                    send(ctx, rejected.problem().status(), Problem.MEDIA_TYPE, rejected.problem());
                } else {
                    Log.errorf(ar.cause(), "ingest of a batch for workspace %s failed", workspaceId);
                    unavailable(ctx, "the event log did not accept the batch; retry it whole with the same eventIds");
                }
                return;
            }
            IngestService.Submission submission = ar.result();
            submission.acks().orTimeout(config.ackTimeout().toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> context.runOnContext(x -> {
                if (failure != null) {
                    String why = failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException
                            ? "the event log did not acknowledge the batch within " + config.ackTimeout().toMillis() + " ms"
                            : "the event log rejected the batch";
                    Log.warnf("batch of %d events for workspace %s not acknowledged: %s", submission.published(), workspaceId, failure.toString());
                    unavailable(ctx, why + "; retry it whole with the same eventIds");
                } else {
                    int status = submission.result().rejected() == 0 ? 202 : 207;
                    send(ctx, status, "application/json", submission.result());
                }
            }));
        });
    }

    private void unavailable(RoutingContext ctx, String detail) {
        ctx.response().putHeader("Retry-After", String.valueOf(config.retryAfterSeconds()));
        problem(ctx, 503, "Service Unavailable", detail);
    }

    private void tooLarge(RoutingContext ctx) {
        // The rest of the body is not read: answer and close the connection.
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        problem(ctx, 413, "Content Too Large", "the body exceeds " + config.maxBodyBytes() + " bytes");
        ctx.response().endHandler(v -> ctx.request().connection().close());
    }

    private static void problem(RoutingContext ctx, int status, String title, String detail) {
        send(ctx, status, Problem.MEDIA_TYPE, Problem.of(status, title, detail));
    }

    private static void send(RoutingContext ctx, int status, String contentType, Object body) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        try {
            byte[] bytes = Json.CANONICAL.writeValueAsBytes(body);
            response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(Buffer.buffer(bytes));
        } catch (Exception e) {
            response.setStatusCode(500).end();
        }
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }
}
