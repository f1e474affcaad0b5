package io.apilogs.query.rest;

import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as problem+json. */
public class ExceptionMappers {
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
    public Response unexpected(RuntimeException e) {
        if (e instanceof WebApplicationException wae) {
            return webApplication(wae);
        }
        Log.error("request failed", e);
        return Problems.response(500, "Internal Server Error", "the request failed; see the service log");
    }
}
