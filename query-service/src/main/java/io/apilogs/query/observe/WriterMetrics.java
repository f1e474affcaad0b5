package io.apilogs.query.observe;

import io.apilogs.model.event.EventType;
import io.apilogs.query.persistence.write.WriteOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The writer's meters at {@code /q/metrics}: records per batch, the time from a batch's arrival to its commit
 * (retries included), events written by type, duplicates skipped, dead letters by reason, and how often a call's
 * system prompt was already stored.
 */
// Created at startup, so every meter is scraped (at zero) before the first event.
@io.quarkus.runtime.Startup
@ApplicationScoped
public class WriterMetrics {
    /** Why a record went to the dead-letter topic. */
    public enum DeadLetterReason {
        /** Not a canonical event (it can't be read, or lacks its keys). */
        UNDECODABLE,
        /** The database refuses its content, or its callId belongs to another event. */
        UNSTORABLE,
        /** Outside the accepted window of startedAt, or over the token or cost bounds: what ingest refuses. */
        INVALID,
        /** Older than the retention keeps ({@code APILOGS_RETENTION_DAYS}). */
        EXPIRED
    }

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Timer write;
    private final Counter duplicates;
    private final Map<EventType, Counter> written = new EnumMap<>(EventType.class);
    private final Counter promptsNew;
    private final Counter promptsKnown;

    public WriterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("apilogs.writer.batch.size")
                .description("Kafka records per batch the writer consumed").register(registry);
        this.write = Timer.builder("apilogs.writer.write").description("From a batch's arrival to its commit, retries included")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        this.duplicates = Counter.builder("apilogs.writer.duplicates").description("Events skipped because their eventId was already stored")
                .register(registry);
        for (EventType type : EventType.values()) {
            written.put(type, Counter.builder("apilogs.writer.events.written").description("Events stored, by type")
                    .tag("type", type.wireName()).register(registry));
        }
        this.promptsNew = Counter.builder("apilogs.writer.prompts").description("System prompts of stored calls: new ones, and ones already stored")
                .tag("outcome", "new").register(registry);
        this.promptsKnown = Counter.builder("apilogs.writer.prompts").description("System prompts of stored calls: new ones, and ones already stored")
                .tag("outcome", "deduplicated").register(registry);
        Gauge.builder("apilogs.writer.prompt.dedup.ratio", this, WriterMetrics::promptDedupRatio)
                .description("Share of stored calls whose system prompt was already stored (0 before any)").register(registry);
    }

    public void batch(int records, long nanos, WriteOutcome outcome) {
        batchSize.record(records);
        write.record(nanos, TimeUnit.NANOSECONDS);
        duplicates.increment(outcome.duplicates());
        outcome.storedByType().forEach((type, n) -> written.get(type).increment(n));
        promptsNew.increment(outcome.newPrompts());
        promptsKnown.increment(outcome.promptUses() - outcome.newPrompts());
    }

    public void deadLetters(DeadLetterReason reason, int count) {
        if (count > 0) {
            Counter.builder("apilogs.writer.dead.letters").description("Records sent to the dead-letter topic, by reason")
                    .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT)).register(registry).increment(count);
        }
    }

    double promptDedupRatio() {
        double known = promptsKnown.count();
        double all = known + promptsNew.count();
        return all == 0 ? 0 : known / all;
    }
}
