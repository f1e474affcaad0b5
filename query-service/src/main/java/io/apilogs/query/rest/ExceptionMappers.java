package io.apilogs.query.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.apilogs.model.api.Problem;
import io.apilogs.model.validation.FieldError;
import io.apilogs.security.HttpProblems;
import io.apilogs.security.KeyStoreUnavailableException;
import io.apilogs.security.Roles;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Every error leaves as problem+json, security rejections included. */
public class ExceptionMappers {
    private final SecurityIdentity identity;

    public ExceptionMappers(SecurityIdentity identity) {
        this.identity = identity;
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            // The REST layer's JSON reader wraps what Jackson refused (e.g. a repeated key) in a bare 400.
            return unreadable(unreadable);
        }
        Response original = e.getResponse();
        if (original.hasEntity()) {
            return original;
        }
        int status = original.getStatus();
        return Problems.response(status, Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage());
    }

    /** A bad parameter or field found by a use case: 400, naming it. */
    @ServerExceptionMapper
    public Response invalidInput(io.apilogs.query.InvalidInput e) {
        return Problems.badParameter(e.field(), e.reason()).getResponse();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return challenge(Problems.response(401, "Unauthorized", "a key is required: Authorization: Bearer <key>"));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        if (KeyStoreUnavailableException.isCauseOf(e)) {
            return Response.fromResponse(Problems.response(503, "Service Unavailable", KeyStoreUnavailableException.MESSAGE))
                    .header("Retry-After", String.valueOf(HttpProblems.RETRY_AFTER_SECONDS)).build();
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

    /** Hibernate Validator's findings on a request body, each with its field path. */
    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldPath(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field)).toList();
        String detail = errors.stream().map(f -> (f.field().isEmpty() ? "the body" : f.field()) + " " + f.message())
                .collect(Collectors.joining("; "));
        return Problems.response(Problem.invalid(detail, errors));
    }

    /** A body that is not JSON, or a value of the wrong type, named by its path. */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining()).replaceFirst("^\\.", "");
            return Problems.response(Problem.invalidField(field, "has the wrong type"));
        }
        String repeated = io.apilogs.model.Json.duplicateKeyPath(e);
        if (repeated != null) {
            return Problems.response(Problem.invalidField(repeated, "is repeated; a JSON object may name each key once"));
        }
        return Problems.response(400, "Bad Request", "the body is not valid JSON");
    }

    /** The REST layer maps these more specific Jackson failures itself (without problem+json) unless mapped here. */
    @ServerExceptionMapper
    public Response wrongType(InvalidFormatException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response notJson(JsonParseException e) {
        return unreadable(e);
    }

    /** {@code createWorkspace.body.name} is {@code name}: the method and parameter nodes are not part of the body. */
    static String fieldPath(ConstraintViolation<?> violation) {
        StringBuilder path = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
                continue;
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT && node.getIndex() != null) {
                path.append('[').append(node.getIndex()).append(']');
                continue;
            }
            if (node.getName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(node.getName());
            }
            if (node.getIndex() != null) {
                path.append('[').append(node.getIndex()).append(']');
            }
        }
        return path.toString();
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
