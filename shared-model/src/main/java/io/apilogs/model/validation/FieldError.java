package io.apilogs.model.validation;

/** One problem with one field; {@code field} is a path such as {@code usage.outputTokens} or {@code messages[2].role}. */
public record FieldError(String field, String message) {
}
