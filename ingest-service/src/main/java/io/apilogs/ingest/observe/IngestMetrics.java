package io.apilogs.ingest.observe;

import io.apilogs.model.event.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The ingest counters at {@code /q/metrics}: events accepted (acknowledged by Kafka, so answered 202/207) by type,
 * events rejected by type and reason, whole batches refused by reason, events per batch, and the Kafka send latency.
 * Tags take a fixed set of values, so a client cannot grow the series.
 */
// Created at startup, so every meter is scraped (at zero) before the first event.
@io.quarkus.runtime.Startup
@ApplicationScoped
public class IngestMetrics {
    /** Why events were not accepted. */
    public enum Reason {
        /** The event failed validation (207, listed in {@code rejected}). */
        INVALID,
        /** The key is over its rate limit (429). */
        RATE_LIMITED,
        /** Kafka did not acknowledge the batch (503). */
        UNAVAILABLE,
        /** The request as a whole was unusable: malformed JSON, too large, wrong media type, no events (4xx). */
        MALFORMED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The type tag of an event as its client sent it: a known wire name, else {@code unknown}. */
    public static String typeTag(String wireName) {
        EventType type = wireName == null ? null : EventType.fromWire(wireName);
        return type == null ? "unknown" : type.wireName();
    }

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Timer kafkaSend;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("apilogs.ingest.batch.size")
                .description("Events per POST /v1/events batch that was read").register(registry);
        this.kafkaSend = Timer.builder("apilogs.ingest.kafka.send")
                .description("From the first send of a batch to Kafka's acknowledgement of its last event (acks=all)")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
    }

    public void batch(int events) {
        batchSize.record(events);
    }

    /** Events acknowledged by Kafka and answered as accepted, by type wire name. */
    public void accepted(Map<String, Integer> byType) {
        byType.forEach((type, n) -> counter("apilogs.ingest.events.accepted", type, null).increment(n));
    }

    public void rejected(Map<String, Integer> byType, Reason reason) {
        byType.forEach((type, n) -> counter("apilogs.ingest.events.rejected", type, reason).increment(n));
    }

    /** A request refused before any event in it could be read. */
    public void batchRejected(Reason reason) {
        Counter.builder("apilogs.ingest.batches.rejected").description("Batches refused whole, by reason")
                .tag("reason", reason.tag()).register(registry).increment();
    }

    public void kafkaSend(long nanos, boolean acknowledged) {
        kafkaSend.record(nanos, TimeUnit.NANOSECONDS);
        if (!acknowledged) {
            Counter.builder("apilogs.ingest.kafka.send.failures").description("Batches Kafka did not acknowledge in time")
                    .register(registry).increment();
        }
    }

    private Counter counter(String name, String type, Reason reason) {
        Counter.Builder builder = Counter.builder(name).tag("type", type);
        if (reason != null) {
            builder.tag("reason", reason.tag());
        }
        return builder.register(registry);
    }
}
