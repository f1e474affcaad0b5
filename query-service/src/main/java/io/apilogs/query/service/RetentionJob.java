package io.apilogs.query.service;

import io.apilogs.query.config.QueryConfig;
import io.apilogs.query.persistence.Retention;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.util.Optional;

/**
 * Every hour ({@code APILOGS_RETENTION_INTERVAL}): creates this month's and next month's partitions ahead of their
 * first event, and, when {@code APILOGS_RETENTION_DAYS} is set, removes the months older than it (see
 * {@link Retention}). Each replica runs it; the database lets one at a time do the removal.
 */
@ApplicationScoped
public class RetentionJob {
    private final Retention retention;
    private final Optional<Integer> days;
    private final int batchSize;
    private final MeterRegistry registry;

    public RetentionJob(Retention retention, QueryConfig config, MeterRegistry registry) {
        this.retention = retention;
        this.days = config.retention().days();
        this.batchSize = config.retention().batchSize();
        this.registry = registry;
    }

    void check(@Observes StartupEvent event) {
        if (days.isPresent() && days.get() < 1) {
            throw new IllegalStateException("APILOGS_RETENTION_DAYS must be at least 1 (unset keeps everything), not " + days.get());
        }
        if (batchSize < 1) {
            throw new IllegalStateException("APILOGS_RETENTION_BATCH_SIZE must be at least 1, not " + batchSize);
        }
    }

    /** The first instant kept now, or null when everything is kept. */
    public Instant boundary(Instant now) {
        return days.map(d -> Retention.boundary(now, d)).orElse(null);
    }

    @Scheduled(every = "${apilogs.retention.interval:1h}", delayed = "${apilogs.retention.delay:20s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run(Instant.now()).onFailure().recoverWithItem(e -> {
            Log.warnf("the retention job failed, it runs again at its next turn: %s", e.toString());
            return null;
        }).replaceWithVoid();
    }

    /** One run as of {@code now}; the report is null when everything is kept. */
    public Uni<Retention.Report> run(Instant now) {
        Uni<Void> ahead = retention.createAhead(now);
        Instant boundary = boundary(now);
        if (boundary == null) {
            return ahead.replaceWith((Retention.Report) null);
        }
        return ahead.chain(() -> retention.removeBefore(boundary, batchSize)).invoke(report -> {
            if (!report.ran()) {
                return;
            }
            Counter.builder("apilogs.retention.partitions.dropped").description("Monthly partitions dropped by retention")
                    .register(registry).increment(report.droppedPartitions().size());
            report.deletedRows().forEach((table, n) -> Counter.builder("apilogs.retention.rows.deleted")
                    .description("Rows removed by retention, by table").tag("table", table).register(registry).increment(n));
            if (!report.droppedPartitions().isEmpty() || report.deletedRows().values().stream().anyMatch(n -> n > 0)) {
                Log.infof("retention (before %s): dropped partitions %s, deleted rows %s", boundary, report.droppedPartitions(),
                        report.deletedRows());
            }
        });
    }
}
