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
 * batch's, and remembered, so a batch pays nothing for months already there. The months a batch can name are bounded
 * by the accepted window of {@code startedAt} (ingest's {@code AcceptWindow}, re-checked by the writer), so the
 * partitions that can exist are bounded too, whatever a key sends.
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
        // One transaction per month: each creates at most one partition per table (six), so no batch, however many
        // months it spans, can run PostgreSQL's lock table out (53200), which a single transaction once risked.
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Instant at : missing) {
            YearMonth month = YearMonth.from(at.atOffset(ZoneOffset.UTC));
            chain = chain.chain(() -> pool.withTransaction(conn -> conn.preparedQuery("select apilogs_ensure_month($1)")
                    .execute(Tuple.of(at.atOffset(ZoneOffset.UTC))).replaceWithVoid()).invoke(() -> ensured.add(month)));
        }
        return chain;
    }
}
