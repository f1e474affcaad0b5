package io.apilogs.query.service;

import io.apilogs.query.persistence.write.UsageRollups;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Every 15 minutes ({@code APILOGS_USAGE_FOLD_INTERVAL}): folds the writers' roll-up shards of the hours before the
 * previous one into shard 0, so analytics reads one row per hour and key for all but the last two hours. Any replica
 * may run it at the same time as another: a row is moved by one of them only.
 */
@ApplicationScoped
public class UsageFolding {
    private static final int BATCH_SIZE = 10_000;
    private final Pool pool;

    public UsageFolding(Pool pool) {
        this.pool = pool;
    }

    @Scheduled(every = "${apilogs.usage.fold-interval:15m}", delayed = "${apilogs.usage.fold-delay:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run(Instant.now()).onFailure().recoverWithItem(e -> {
            Log.warnf("folding the usage roll-up shards failed, it runs again at its next turn: %s", e.toString());
            return null;
        }).replaceWithVoid();
    }

    /** Folds the hours before the one before {@code now}'s; returns the shard-0 rows written. */
    public Uni<Long> run(Instant now) {
        return UsageRollups.fold(pool, now.truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS), BATCH_SIZE);
    }
}
