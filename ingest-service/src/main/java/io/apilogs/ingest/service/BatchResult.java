package io.apilogs.ingest.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.apilogs.model.validation.FieldError;

import java.util.List;

/** The 202/207 body of API.md: counts plus, for each rejected event, its index, eventId and field errors. */
public record BatchResult(int accepted, int rejected, List<Rejection> errors) {
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Rejection(int index, String eventId, List<FieldError> errors) {
    }
}
