package io.apilogs.query.persistence.write;

import io.apilogs.model.event.Event;
import io.apilogs.model.event.EventType;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one batch transaction did: how many events were new (and of which types), how many were duplicates, which
 * could never be stored (for the dead-letter topic), and how the system prompts of its calls deduplicated:
 * {@code promptUses} calls carried a prompt, of which {@code newPrompts} were stored for the first time.
 */
public record WriteOutcome(int stored, int duplicates, List<Rejected> rejected, Map<EventType, Integer> storedByType,
                           int promptUses, int newPrompts) {
    public record Rejected(Event event, String reason) {
    }

    public WriteOutcome(int stored, int duplicates, List<Rejected> rejected) {
        this(stored, duplicates, rejected, Map.of(), 0, 0);
    }

    public static WriteOutcome empty() {
        return new WriteOutcome(0, 0, List.of());
    }

    static Map<EventType, Integer> countTypes(List<Event> events) {
        Map<EventType, Integer> counts = new EnumMap<>(EventType.class);
        for (Event event : events) {
            counts.merge(event.type(), 1, Integer::sum);
        }
        return counts;
    }

    /** Two outcomes as one, for a batch written event by event. */
    public WriteOutcome plus(WriteOutcome other) {
        Map<EventType, Integer> types = new EnumMap<>(EventType.class);
        types.putAll(storedByType);
        other.storedByType.forEach((type, n) -> types.merge(type, n, Integer::sum));
        List<Rejected> all = new java.util.ArrayList<>(rejected);
        all.addAll(other.rejected);
        return new WriteOutcome(stored + other.stored, duplicates + other.duplicates, all, types,
                promptUses + other.promptUses, newPrompts + other.newPrompts);
    }
}
