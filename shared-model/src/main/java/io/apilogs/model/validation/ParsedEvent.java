package io.apilogs.model.validation;

import io.apilogs.model.event.Event;

import java.util.List;

/** The outcome of reading one event: either {@code event} or a non-empty {@code errors}. {@code eventId} is null when missing. */
public record ParsedEvent(String eventId, Event event, List<FieldError> errors) {
    public boolean valid() {
        return event != null;
    }
}
