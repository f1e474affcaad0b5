package io.apilogs.security;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Locale;

/**
 * Security headers on every response, problem+json for every failure the router sees (authentication, route-level
 * authorization, malformed percent-encoding, unsupported methods, ...), and the URI and header size limits (414, 431).
 * Requests beyond the HTTP codec's own, higher limits (64 KiB) are still refused by the codec, without a body:
 * Vert.x offers no hook there that Quarkus exposes.
 */
@ApplicationScoped
public class HttpHardening {
    static final String HTML_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
    /**
     * Swagger UI's page (served by Quarkus at /q/swagger-ui) configures itself with inline script and style, so only
     * there inline code is allowed; the product's own UI keeps {@link #HTML_CSP}.
     */
    static final String SWAGGER_UI_CSP = HTML_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
            .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

    /** Longest request URI. The HTTP codec's own limit is set higher, so that this route answers as problem+json. */
    static final int MAX_URI_LENGTH = 8 * 1024;
    /** Largest sum of header names and values, likewise. */
    static final int MAX_HEADERS_BYTES = 16 * 1024;

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(ctx -> {
            ctx.addHeadersEndHandler(v -> secure(ctx));
            if (ctx.request().uri().length() > MAX_URI_LENGTH) {
                HttpProblems.send(ctx, 414, "URI Too Long", "the request URI is longer than " + MAX_URI_LENGTH + " characters");
                return;
            }
            if (holdsNul(ctx.request().uri())) {
                // PostgreSQL's text cannot hold U+0000: a NUL in an id or parameter once reached SQL and answered 500.
                HttpProblems.send(ctx, 400, "Bad Request", "the request URI holds a NUL character (%00), which no path id or"
                        + " query parameter may contain");
                return;
            }
            if (badPercentEncoding(ctx.request().uri())) {
                // Decided here for every route alike: a parameter the framework could not decode would otherwise be a
                // 404 or a 400 depending on how its resource declares it.
                HttpProblems.send(ctx, 400, "Bad Request", "the request URI has a '%' that is not followed by two hex digits"
                        + " (percent-encode a literal '%' as %25)");
                return;
            }
            if (headerBytes(ctx.request().headers()) > MAX_HEADERS_BYTES) {
                HttpProblems.send(ctx, 431, "Request Header Fields Too Large", "the request headers exceed " + MAX_HEADERS_BYTES + " bytes");
                return;
            }
            ctx.next();
        });
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).failureHandler(HttpProblems::failure);
        // Routes Vert.x itself does not match (services without JAX-RS): 404 and 405 as problem+json too.
        router.errorHandler(404, ctx -> HttpProblems.send(ctx, 404, "Not Found", "no such resource"));
        router.errorHandler(405, ctx -> HttpProblems.send(ctx, 405, "Method Not Allowed", "this resource does not allow "
                + ctx.request().method()));
    }

    /** Whether the URI, once percent-decoded, would hold U+0000 ({@code %00}; a raw NUL byte is refused by the codec). */
    static boolean holdsNul(String uri) {
        for (int i = uri.indexOf('%'); i >= 0 && i + 2 < uri.length(); i = uri.indexOf('%', i + 1)) {
            if (uri.charAt(i + 1) == '0' && uri.charAt(i + 2) == '0') {
                return true;
            }
        }
        return uri.indexOf('\0') >= 0;
    }

    /** Whether some '%' of the URI is not followed by two hex digits (malformed percent-encoding). */
    static boolean badPercentEncoding(String uri) {
        for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 1)) {
            if (i + 2 >= uri.length() || Character.digit(uri.charAt(i + 1), 16) < 0 || Character.digit(uri.charAt(i + 2), 16) < 0) {
                return true;
            }
        }
        return false;
    }

    private static int headerBytes(MultiMap headers) {
        int total = 0;
        for (var header : headers) {
            total += header.getKey().length() + header.getValue().length() + 4;
        }
        return total;
    }

    private static void secure(RoutingContext ctx) {
        MultiMap headers = ctx.response().headers();
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Frame-Options", "DENY");
        String type = headers.get(HttpHeaders.CONTENT_TYPE);
        String path = ctx.normalizedPath();
        // A 304 has no Content-Type, and browsers store its headers with the page they revalidated: it must carry the
        // page's policy, or a reloaded page keeps the API's "default-src 'none'" and runs no script.
        boolean revalidatedPage = ctx.response().getStatusCode() == 304 && !path.startsWith("/v1/");
        boolean html = revalidatedPage || (type != null && type.toLowerCase(Locale.ROOT).startsWith("text/html"));
        headers.set("Content-Security-Policy", !html ? API_CSP : path.startsWith("/q/swagger-ui") ? SWAGGER_UI_CSP : HTML_CSP);
        boolean page = (type != null && type.toLowerCase(Locale.ROOT).startsWith("text/html"))
                || (revalidatedPage && (path.equals("/") || path.endsWith(".html")));
        if (page && !path.startsWith("/q/")) {
            // Pages are revalidated on every load (a new deploy shows at once); only their hashed assets are cached.
            headers.set(HttpHeaders.CACHE_CONTROL, "no-cache");
        }
        if (path.startsWith("/v1/") && !headers.contains(HttpHeaders.CACHE_CONTROL)) {
            // API answers carry prompts and responses: keep them out of shared and browser caches.
            headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }
}
