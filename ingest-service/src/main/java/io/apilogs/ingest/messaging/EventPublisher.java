package io.apilogs.ingest.messaging;

import io.apilogs.ingest.observe.IngestMetrics;
import io.apilogs.model.Json;
import io.apilogs.model.Topics;
import io.apilogs.model.event.ConversationEvent;
import io.apilogs.model.event.Event;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes canonical events with an idempotent, acks=all producer. A future completes only when Kafka acknowledged
 * the record, which is what a 202 promises. Sending may block while the broker is unreachable, so callers must not
 * be on an event loop.
 */
@ApplicationScoped
public class EventPublisher {
    private final KafkaProducer<String, byte[]> producer;
    private final IngestMetrics metrics;

    @Inject
    public EventPublisher(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                          io.apilogs.ingest.config.IngestConfig config, IngestMetrics metrics) {
        this.metrics = metrics;
        this.producer = new KafkaProducer<>(producerProps(kafkaConfig, config), new StringSerializer(), new ByteArraySerializer());
    }

    /** The producer's settings: acks from every in-sync replica, idempotence, and bounded memory and waits. */
    static Map<String, Object> producerProps(Map<String, Object> kafkaConfig, io.apilogs.ingest.config.IngestConfig config) {
        Map<String, Object> props = new HashMap<>(io.apilogs.security.KafkaClients.connection(kafkaConfig, Map.of()));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.kafkaCompression());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // Bounded: records waiting for their acks. Full, a send waits up to max.block.ms (the ack timeout), then fails: 503.
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, config.producerBufferBytes());
        // One event is at most the largest body (its canonical form is no longer); the broker's limit is 8 MiB.
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(config.maxBodyBytes() + 1024 * 1024, 256 * 1024));
        long ackMillis = config.ackTimeout().toMillis();
        // Bounded blocking: a send never waits for metadata longer than the batch may wait for its acks.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ackMillis);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(ackMillis, 5_000));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(ackMillis * 6, 30_000));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "apilogs-ingest");
        return props;
    }

    /** Sends every event; the result completes when all are acknowledged, or fails with the first failure. */
    public CompletableFuture<Void> publishAll(List<Event> events) {
        long start = System.nanoTime();
        List<CompletableFuture<Void>> acks = new ArrayList<>(events.size());
        for (Event event : events) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks.add(ack);
            try {
                byte[] value = Json.CANONICAL.writeValueAsBytes(event);
                // A link to a stand-in goes where the stand-in's own events go, so one consumer writes them in order.
                String key = Topics.eventKey(event.workspaceId(), event instanceof ConversationEvent link && link.absorbs() != null
                        ? link.absorbs() : event.conversation().id());
                producer.send(new ProducerRecord<>(Topics.EVENTS, key, value), (metadata, failure) -> {
                    if (failure != null) {
                        Log.warnf("event %s not acknowledged by topic %s: %s", event.eventId(), Topics.EVENTS, failure.toString());
                        ack.completeExceptionally(failure);
                    } else {
                        Log.debugf("event %s acknowledged at %s-%d@%d", event.eventId(), metadata.topic(), metadata.partition(), metadata.offset());
                        ack.complete(null);
                    }
                });
            } catch (Exception e) {
                ack.completeExceptionally(e);
                break;
            }
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
        all.whenComplete((ok, failure) -> metrics.kafkaSend(System.nanoTime() - start, failure == null));
        return all;
    }

    void onStop(@Observes ShutdownEvent ev) {
        // Drain in-flight sends so that nothing already answered is lost.
        producer.flush();
        producer.close(Duration.ofSeconds(10));
    }
}
