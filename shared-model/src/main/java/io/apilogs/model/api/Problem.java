package io.apilogs.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.apilogs.model.validation.FieldError;

import java.util.List;

/** An RFC 9457 problem body, the one error shape of every endpoint. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, List.of());
    }

    public static Problem invalid(String detail, List<FieldError> errors) {
        return new Problem("about:blank", "Bad Request", 400, detail, errors);
    }

    public static Problem invalidField(String field, String message) {
        return invalid(field + " " + message, List.of(new FieldError(field, message)));
    }
}
