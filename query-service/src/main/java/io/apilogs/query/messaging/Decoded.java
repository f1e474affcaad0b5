package io.apilogs.query.messaging;

import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.validation.AcceptWindow;
import io.apilogs.model.validation.EventParser;
import io.apilogs.model.validation.FieldError;
import io.apilogs.model.validation.UsageRules;
import io.apilogs.query.persistence.write.RawJson;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of records read as canonical events: the events to store (with the record each came from), and the records
 * that go straight to the dead-letter topic: those that are not events, events that break the bounds ingest checks
 * (anyone who can write to the topic could have put them there, so the writer checks again what would harm other
 * events: the accepted window of {@code startedAt}, and token and cost bounds), and events older than the retention keeps.
 */
record Decoded(List<Event> events, Map<Event, ConsumerRecord<String, byte[]>> origins,
               List<DeadLetters.DeadLetter> undecodable, List<DeadLetters.DeadLetter> invalid, List<DeadLetters.DeadLetter> expired) {

    /**
     * {@code keptFrom}: the first instant the retention keeps, or null when it keeps everything. {@code window}: the
     * accepted {@code startedAt} around each record's own timestamp (when ingest published it), or null for none.
     */
    static Decoded of(Iterable<ConsumerRecord<String, byte[]>> records, Instant keptFrom, AcceptWindow window) {
        Decoded decoded = new Decoded(new ArrayList<>(), new IdentityHashMap<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
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
                String invalid = invalid(event, record, window);
                if (invalid != null) {
                    decoded.invalid.add(new DeadLetters.DeadLetter(record, "invalid event: " + invalid));
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

    /** What ingest would have refused in this event and that could harm others, or null. */
    static String invalid(Event event, ConsumerRecord<String, byte[]> record, AcceptWindow window) {
        if (window != null && record.timestamp() >= 0) {
            String outside = window.problem(event.startedAt(), Instant.ofEpochMilli(record.timestamp()), "the record's time");
            if (outside != null) {
                return "startedAt " + outside;
            }
        }
        if (event instanceof LlmCallEvent call) {
            List<FieldError> usage = UsageRules.check(call.usage(), "usage");
            if (!usage.isEmpty()) {
                return usage.get(0).field() + " " + usage.get(0).message();
            }
            if (call.costUsd() != null && (call.costUsd().signum() < 0 || call.costUsd().compareTo(EventParser.COST_LIMIT) >= 0)) {
                return "costUsd must be at least 0 and less than " + EventParser.COST_LIMIT.toPlainString();
            }
        }
        return null;
    }
}
