package io.apilogs.security;

import io.apilogs.model.Json;
import io.apilogs.model.api.Problem;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * problem+json answers written straight to a Vert.x response: for rejections made before or outside JAX-RS
 * (authentication, route-level authorization, malformed requests, unsupported methods) and for plain Vert.x routes.
 */
public final class HttpProblems {
    /** Seconds a client should wait after a 503 caused by an unreachable dependency. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private HttpProblems() {
    }

    /** 429 with {@code Retry-After}: a rate limit was reached; {@code detail} says which, and when to retry. */
    public static void tooMany(RoutingContext ctx, long retryAfterSeconds, String detail) {
        ctx.response().putHeader("Retry-After", String.valueOf(retryAfterSeconds));
        send(ctx, 429, "Too Many Requests", detail);
    }

    public static void send(RoutingContext ctx, int status, String title, String detail) {
        send(ctx, status, Problem.MEDIA_TYPE, Problem.of(status, title, detail));
    }

    public static void send(RoutingContext ctx, int status, String contentType, Object body) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed() || response.headWritten()) {
            return;
        }
        try {
            byte[] bytes = Json.CANONICAL.writeValueAsBytes(body);
            response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(Buffer.buffer(bytes));
        } catch (Exception e) {
            response.setStatusCode(500).end();
        }
    }

    /**
     * The answer when authentication did not succeed: 401 with {@code WWW-Authenticate: Bearer} and a problem body that
     * says why, or 503 with Retry-After when the key store was unreachable. True when this call answered.
     */
    public static boolean challenge(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return false;
        }
        AuthenticationFailedException failure = HttpSecurityUtils.getAuthenticationFailureFromEvent(ctx);
        if (failure == null) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            send(ctx, 401, "Unauthorized", "a key is required: Authorization: Bearer <key>");
        } else {
            notAuthenticated(ctx, failure);
        }
        return true;
    }

    /** 503 with Retry-After when the key store could not be reached, otherwise 401 saying why. */
    private static void notAuthenticated(RoutingContext ctx, Throwable failure) {
        if (KeyStoreUnavailableException.isCauseOf(failure)) {
            ctx.response().putHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            send(ctx, 503, "Service Unavailable", KeyStoreUnavailableException.MESSAGE);
        } else {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            send(ctx, 401, "Unauthorized", unauthorizedDetail(failure));
        }
    }

    /** The answer to a failed routing context: what failed decides the status; nothing internal is disclosed. */
    public static void failure(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        Throwable failure = ctx.failure();
        if (causedBy(failure, java.nio.channels.ClosedChannelException.class) && ctx.response().closed()) {
            // The client went away (a live stream closed by its reader): nobody is left to answer.
            Log.debugf("%s %s: the client closed the connection", ctx.request().method(), ctx.normalizedPath());
            return;
        }
        if (ctx.response().headWritten()) {
            // The answer had begun (a live stream that failed midway): it can be ended, not replaced by a problem.
            Log.warnf("request %s %s failed after its answer began: %s", ctx.request().method(), ctx.normalizedPath(),
                    failure == null ? "status " + ctx.statusCode() : failure.getClass().getName());
            ctx.response().end();
            return;
        }
        if (causedBy(failure, AuthenticationFailedException.class) || causedBy(failure, UnauthorizedException.class)) {
            notAuthenticated(ctx, failure);
        } else if (causedBy(failure, ForbiddenException.class)) {
            send(ctx, 403, "Forbidden", "this credential's scope does not allow this request");
        } else {
            int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
            if (status >= 500) {
                Log.errorf("request %s %s failed: %s", ctx.request().method(), ctx.normalizedPath(),
                        failure == null ? "status " + status : failure.getClass().getName());
            }
            send(ctx, status, reason(status), status >= 500 ? "the request failed; see the service log"
                    : "the request was refused by the HTTP layer: " + reason(status));
        }
    }

    /** Our own authentication failures say why; one that wraps another exception says nothing internal. */
    private static String unauthorizedDetail(Throwable failure) {
        AuthenticationFailedException auth = find(failure, AuthenticationFailedException.class);
        String message = auth == null || auth.getCause() != null ? null : auth.getMessage();
        return message != null && !message.isBlank() ? message : "a valid key is required: Authorization: Bearer <key>";
    }

    public static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }

    static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        return find(failure, type) != null;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
