package io.apilogs.query.messaging;

import io.apilogs.model.Json;
import io.apilogs.model.event.Event;
import io.apilogs.query.persistence.EventWriter;
import io.apilogs.query.persistence.WriteOutcome;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writer: consumes {@code apilogs.events} in batches and stores each batch in one transaction. The batch is
 * acknowledged (so its offsets may be committed) only after the database commit and after any dead letters are
 * acknowledged. While PostgreSQL is unreachable the batch is retried with backoff, never skipped; the connector
 * pauses the consumer meanwhile.
 */
@ApplicationScoped
public class EventsConsumer {
    public static final String CHANNEL = "events";

    private final EventWriter writer;
    private final DeadLetters deadLetters;

    public EventsConsumer(EventWriter writer, DeadLetters deadLetters) {
        this.writer = writer;
        this.deadLetters = deadLetters;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        List<Event> events = new ArrayList<>(records.count());
        Map<Event, ConsumerRecord<String, byte[]>> origins = new IdentityHashMap<>();
        List<DeadLetters.DeadLetter> undecodable = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                Event event = Json.CANONICAL.readValue(record.value(), Event.class);
                if (event.workspaceId() == null || event.eventId() == null || event.conversation() == null) {
                    undecodable.add(new DeadLetters.DeadLetter(record, "event lacks workspaceId, eventId or conversation"));
                    continue;
                }
                events.add(event);
                origins.put(event, record);
            } catch (Exception e) {
                undecodable.add(new DeadLetters.DeadLetter(record, "undecodable event: " + e.getMessage()));
            }
        }
        return writer.write(events)
                .onFailure().invoke(e -> Log.warnf("storing a batch of %d events failed, retrying: %s", events.size(), e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .chain(outcome -> {
                    List<DeadLetters.DeadLetter> letters = new ArrayList<>(undecodable);
                    for (WriteOutcome.Rejected rejected : outcome.rejected()) {
                        letters.add(new DeadLetters.DeadLetter(origins.get(rejected.event()), rejected.reason()));
                    }
                    Log.debugf("stored %d events (%d duplicates, %d dead letters)", outcome.stored(), outcome.duplicates(), letters.size());
                    return deadLetters.send(letters)
                            .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
                });
    }
}
