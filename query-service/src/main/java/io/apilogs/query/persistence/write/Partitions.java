package io.apilogs.query.persistence.write;

import io.apilogs.model.event.Event;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The monthly partitions of the timeline tables. Each month is created once, in its own short transaction before the
 * batch's, and remembered, so a batch pays nothing for months already there.
 */
@ApplicationScoped
public class Partitions {
    private final Pool pool;
    private final Set<YearMonth> ensured = ConcurrentHashMap.newKeySet();

    public Partitions(Pool pool) {
        this.pool = pool;
    }

    Uni<Void> ensure(List<Event> events) {
        List<Instant> missing = new ArrayList<>();
        Set<YearMonth> seen = new HashSet<>();
        for (Event event : events) {
            YearMonth month = YearMonth.from(event.startedAt().atOffset(ZoneOffset.UTC));
            if (!ensured.contains(month) && seen.add(month)) {
                missing.add(event.startedAt());
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.withTransaction(conn -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Instant at : missing) {
                chain = chain.chain(() -> conn.preparedQuery("select apilogs_ensure_month($1)")
                        .execute(Tuple.of(at.atOffset(ZoneOffset.UTC))).replaceWithVoid());
            }
            return chain;
        }).invoke(() -> ensured.addAll(seen));
    }
}
