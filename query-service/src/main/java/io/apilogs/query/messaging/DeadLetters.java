package io.apilogs.query.messaging;

import io.apilogs.model.Topics;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Sends events that can never be stored to {@link Topics#EVENTS_DLQ}, with the reason and origin in the headers. */
@ApplicationScoped
public class DeadLetters {
    public static final String CHANNEL = "dead-letters";

    private final MutinyEmitter<byte[]> emitter;

    public DeadLetters(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000) MutinyEmitter<byte[]> emitter) {
        this.emitter = emitter;
    }

    public record DeadLetter(ConsumerRecord<String, byte[]> record, String reason) {
    }

    /** Completes when Kafka has acknowledged every dead letter, so the batch's offsets may then be committed. */
    public Uni<Void> send(List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = new ArrayList<>();
        for (DeadLetter letter : letters) {
            ConsumerRecord<String, byte[]> record = letter.record();
            // The reason goes to the dead letter's headers; the log names only its kind (a database or parser message may
            // quote the event's content).
            Log.warnf("dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), letter.reason().split(":", 2)[0]);
            RecordHeaders headers = new RecordHeaders();
            headers.add("dead-letter-reason", letter.reason().getBytes(StandardCharsets.UTF_8));
            headers.add("dead-letter-topic", record.topic().getBytes(StandardCharsets.UTF_8));
            headers.add("dead-letter-partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add("dead-letter-offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
            OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                    .withTopic(Topics.EVENTS_DLQ).withKey(record.key()).withHeaders(headers).build();
            sends.add(emitter.sendMessage(Message.of(record.value() == null ? new byte[0] : record.value()).addMetadata(metadata)));
        }
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }
}
