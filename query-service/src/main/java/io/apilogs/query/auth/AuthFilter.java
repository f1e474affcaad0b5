package io.apilogs.query.auth;

import io.apilogs.model.ApiKeys;
import io.apilogs.model.auth.KeyLookup;
import io.apilogs.query.config.QueryConfig;
import io.apilogs.query.rest.Problems;
import io.apilogs.query.service.StreamTokens;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Authenticates every {@code /v1} request. Operator endpoints (workspaces, keys) take the configured admin token;
 * everything else takes a read key, or an admin key of the workspace. The key decides the workspace.
 */
public class AuthFilter {
    private final QueryKeys keys;
    private final QueryConfig config;
    private final Caller caller;
    private final StreamTokens streamTokens;

    public AuthFilter(QueryKeys keys, QueryConfig config, Caller caller, StreamTokens streamTokens) {
        this.keys = keys;
        this.config = config;
        this.caller = caller;
        this.streamTokens = streamTokens;
    }

    @ServerRequestFilter
    public Uni<Response> authenticate(ContainerRequestContext ctx) {
        String path = ctx.getUriInfo().getPath();
        if (!path.startsWith("/v1/")) {
            return Uni.createFrom().nullItem();
        }
        String presented = ApiKeys.bearer(ctx.getHeaderString(HttpHeaders.AUTHORIZATION));
        String streamToken = ctx.getUriInfo().getQueryParameters().getFirst("streamToken");
        if (presented == null && streamToken != null && path.endsWith("/stream")) {
            // Browsers' EventSource cannot send headers: a short-lived token opens the streams of one workspace.
            String workspaceId = streamTokens.workspace(streamToken);
            if (workspaceId == null) {
                return Uni.createFrom().item(Problems.response(401, "Unauthorized", "the stream token is invalid or expired"));
            }
            caller.workspaceId(workspaceId);
            return Uni.createFrom().nullItem();
        }
        if (path.startsWith("/v1/admin/workspaces") || path.startsWith("/v1/admin/keys")) {
            return Uni.createFrom().item(operator(presented));
        }
        if (presented == null) {
            return Uni.createFrom().item(Problems.response(401, "Unauthorized", "a read key is required: Authorization: Bearer <key>"));
        }
        return keys.lookup(presented).map(lookup -> {
            if (lookup instanceof KeyLookup.Found found) {
                if (found.key().scope() == ApiKeys.Scope.INGEST) {
                    return Problems.response(403, "Forbidden", "an ingest key cannot read; use a read key");
                }
                boolean adminOnly = path.startsWith("/v1/admin/");
                if (adminOnly && found.key().scope() != ApiKeys.Scope.ADMIN) {
                    return Problems.response(403, "Forbidden", "this endpoint needs an admin key of the workspace");
                }
                caller.workspaceId(found.key().workspaceId());
                return null;
            }
            if (lookup instanceof KeyLookup.Unavailable) {
                return Response.fromResponse(Problems.response(503, "Service Unavailable", "the key store is unreachable; retry later"))
                        .header("Retry-After", "2").build();
            }
            return Problems.response(401, "Unauthorized", "the key is unknown or revoked");
        });
    }

    private Response operator(String presented) {
        String token = config.adminToken().orElse(null);
        if (token == null || token.isEmpty() || presented == null
                || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
            return Problems.response(401, "Unauthorized", "workspace and key administration needs the admin token");
        }
        return null;
    }
}
