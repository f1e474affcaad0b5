package io.apilogs.query.messaging;

import io.apilogs.model.event.Event;
import io.apilogs.query.persistence.write.RawJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of records read as canonical events: the events to store (with the record each came from), and the records
 * that go straight to the dead-letter topic: those that are not events, and events older than the retention keeps.
 */
record Decoded(List<Event> events, Map<Event, ConsumerRecord<String, byte[]>> origins,
               List<DeadLetters.DeadLetter> undecodable, List<DeadLetters.DeadLetter> expired) {

    /** {@code keptFrom}: the first instant the retention keeps, or null when it keeps everything. */
    static Decoded of(Iterable<ConsumerRecord<String, byte[]>> records, Instant keptFrom) {
        Decoded decoded = new Decoded(new ArrayList<>(), new IdentityHashMap<>(), new ArrayList<>(), new ArrayList<>());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                Event event = RawJson.read(record.value());
                if (event.workspaceId() == null || event.eventId() == null || event.conversation() == null
                        || event.conversation().id() == null || event.assistant() == null || event.assistant().id() == null
                        || event.startedAt() == null) {
                    decoded.undecodable.add(new DeadLetters.DeadLetter(record,
                            "undecodable event: it lacks workspaceId, eventId, conversation, assistant or startedAt"));
                    continue;
                }
                if (keptFrom != null && event.startedAt().isBefore(keptFrom)) {
                    decoded.expired.add(new DeadLetters.DeadLetter(record, "expired: startedAt is before " + keptFrom
                            + ", older than the retention (APILOGS_RETENTION_DAYS) keeps"));
                    continue;
                }
                decoded.events.add(event);
                decoded.origins.put(event, record);
            } catch (Exception e) {
                decoded.undecodable.add(new DeadLetters.DeadLetter(record, "undecodable event: " + e.getMessage()));
            }
        }
        return decoded;
    }
}
