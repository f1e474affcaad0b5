package io.apilogs.query.rest;

import io.apilogs.security.KeyStoreUnavailableException;
import io.apilogs.security.Roles;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as problem+json, security rejections included. */
public class ExceptionMappers {
    private final SecurityIdentity identity;

    public ExceptionMappers(SecurityIdentity identity) {
        this.identity = identity;
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response original = e.getResponse();
        if (original.hasEntity()) {
            return original;
        }
        int status = original.getStatus();
        return Problems.response(status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return challenge(Problems.response(401, "Unauthorized", "a key is required: Authorization: Bearer <key>"));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        if (KeyStoreUnavailableException.isCauseOf(e)) {
            return Response.fromResponse(Problems.response(503, "Service Unavailable", e.getMessage())).header("Retry-After", "2").build();
        }
        return challenge(Problems.response(401, "Unauthorized", "the key is unknown or revoked"));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        if (identity.getRoles().equals(java.util.Set.of(Roles.STREAM))) {
            // A stream token is no credential for anything but the two streams.
            return challenge(Problems.response(401, "Unauthorized", "a stream token opens only the stream routes; this request needs a key"));
        }
        return Problems.response(403, "Forbidden", "this credential's scope does not allow this request");
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (e instanceof WebApplicationException wae) {
            return webApplication(wae);
        }
        Log.errorf("request failed: %s", e.getClass().getName());
        Log.debug("request failure", e);
        return Problems.response(500, "Internal Server Error", "the request failed; see the service log");
    }

    private static Response challenge(Response response) {
        return Response.fromResponse(response).header("WWW-Authenticate", "Bearer").build();
    }
}
