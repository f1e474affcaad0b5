package io.apilogs.query.persistence.write;

import io.apilogs.model.event.Event;

import java.util.List;

/** What one batch transaction did: how many events were new, and which could never be stored (for the dead-letter topic). */
public record WriteOutcome(int stored, int duplicates, List<Rejected> rejected) {
    public record Rejected(Event event, String reason) {
    }
}
