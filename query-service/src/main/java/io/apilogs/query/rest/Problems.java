package io.apilogs.query.rest;

import io.apilogs.model.api.Problem;
import io.apilogs.model.validation.FieldError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** problem+json responses, and the exception that carries one out of a resource. */
public final class Problems {
    private Problems() {
    }

    public static Response response(int status, String title, String detail) {
        return response(Problem.of(status, title, detail));
    }

    public static Response response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    public static WebApplicationException badParameter(String parameter, String message) {
        return new WebApplicationException(response(new Problem("about:blank", "Bad Request", 400,
                parameter + " " + message, List.of(new FieldError(parameter, message)))));
    }

    public static WebApplicationException notFound(String what) {
        return new WebApplicationException(response(404, "Not Found", what + " was not found"));
    }

    /** 503 with Retry-After: the server is busy with others' work and this one may go through a moment later. */
    public static WebApplicationException busy(int retryAfterSeconds, String detail) {
        return new WebApplicationException(Response.fromResponse(response(503, "Service Unavailable", detail))
                .header("Retry-After", String.valueOf(retryAfterSeconds)).build());
    }

    public static WebApplicationException badBody(String field, String message) {
        return badParameter(field, message);
    }
}
