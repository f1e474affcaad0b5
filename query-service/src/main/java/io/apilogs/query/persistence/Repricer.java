package io.apilogs.query.persistence;

import io.apilogs.model.cost.CostBreakdown;
import io.apilogs.model.cost.CostCalculator;
import io.apilogs.model.cost.PriceTable;
import io.apilogs.model.event.Usage;
import io.apilogs.query.persistence.write.CallRows;
import io.apilogs.query.persistence.write.UsageRollups;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Recomputes stored costs of a time range with the prices in force now, a chunk of calls per transaction, and
 * rebuilds the cost roll-ups of the conversations touched from their calls, so the activity log stays consistent.
 * Calls priced by the client are left alone.
 */
@ApplicationScoped
public class Repricer {
    private static final int CHUNK = 1000;

    private static final String NEXT_CHUNK = """
            select call_id, conversation_id, started_at, model, input_tokens, output_tokens, cache_read_tokens,
                   cache_write_tokens, cache_write_1h_tokens, reasoning_tokens
            from llm_calls
            where workspace_id = $1 and started_at >= $2 and started_at < $3 and price_source <> 'client'
              and (started_at, call_id) > ($4, $5)
            order by started_at, call_id
            limit $6""";

    private static final String UPDATE_CALLS = """
            update llm_calls l set cost_usd = u.cost::numeric, cost_input = u.cost_input::numeric,
                cost_cache_read = u.cost_cache_read::numeric, cost_cache_write = u.cost_cache_write::numeric,
                cost_output = u.cost_output::numeric, price_source = u.price_source, cache_savings_usd = u.cache_savings::numeric
            from {unnest}
            where l.workspace_id = $1 and l.call_id = u.call_id and l.started_at = u.started_at""";

    // The row locks order this against the writers, which add to the same roll-ups and lock conversations in the
    // order of Java's String.compareTo: byte order (collate "C"), not the database's collation.
    private static final String LOCK_CONVERSATIONS = """
            select conversation_id from conversations
            where workspace_id = $1 and conversation_id = any($2::text[]) order by conversation_id collate "C" for update""";

    private static final String REBUILD_COSTS = """
            update conversations c set cost_usd = s.cost, unpriced_call_count = s.unpriced, updated_at = now()
            from (select conversation_id, sum(cost_usd) as cost, count(*) filter (where cost_usd is null) as unpriced
                  from llm_calls where workspace_id = $1 and conversation_id = any($2::text[])
                  group by conversation_id) s
            where c.workspace_id = $1 and c.conversation_id = s.conversation_id""";

    private final Pool pool;
    private final CostCalculator calculator = new CostCalculator();

    public Repricer(Pool pool) {
        this.pool = pool;
    }

    private record Priced(String callId, String conversationId, Instant startedAt, CostBreakdown cost, BigDecimal savings) {
    }

    /** Reprices calls that started in [from, to); answers how many were repriced. */
    public Uni<Long> reprice(String workspaceId, Instant from, Instant to) {
        return WorkspacePrices.load(pool, workspaceId)
                .chain(table -> chunk(workspaceId, from, to, table, from.minusNanos(1000), "", 0L));
    }

    private Uni<Long> chunk(String workspaceId, Instant from, Instant to, PriceTable table, Instant afterTime, String afterId, long done) {
        return pool.withTransaction(conn -> conn.preparedQuery(NEXT_CHUNK)
                        .execute(Tuple.of(workspaceId, utc(from), utc(to), utc(afterTime), afterId, CHUNK))
                        .chain(rows -> {
                            List<Priced> priced = new ArrayList<>();
                            for (Row row : rows) {
                                Instant startedAt = row.getOffsetDateTime("started_at").toInstant();
                                Usage usage = new Usage(row.getLong("input_tokens"), row.getLong("output_tokens"),
                                        row.getLong("cache_read_tokens"), row.getLong("cache_write_tokens"),
                                        row.getLong("cache_write_1h_tokens"), row.getLong("reasoning_tokens"));
                                CostBreakdown cost = calculator.cost(row.getString("model"), startedAt, usage, null, table, CostCalculator.defaults());
                                priced.add(new Priced(row.getString("call_id"), row.getString("conversation_id"), startedAt, cost,
                                        CallRows.savings(cost, usage)));
                            }
                            return store(conn, workspaceId, priced).replaceWith(priced);
                        }))
                .chain(priced -> {
                    if (priced.size() < CHUNK) {
                        return Uni.createFrom().item(done + priced.size());
                    }
                    Priced last = priced.get(priced.size() - 1);
                    return chunk(workspaceId, from, to, table, last.startedAt, last.callId, done + priced.size());
                });
    }

    private Uni<Void> store(SqlConnection conn, String workspaceId, List<Priced> priced) {
        if (priced.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<String> conversations = new LinkedHashSet<>();
        priced.forEach(p -> conversations.add(p.conversationId));
        String[] conversationIds = conversations.toArray(String[]::new);
        // $1 is the workspace; the columns follow.
        SqlArrays<Priced> calls = new SqlArrays<>(priced).text("call_id", p -> p.callId).time("started_at", p -> p.startedAt)
                .decimal("cost", p -> p.cost.total()).decimal("cost_input", p -> p.cost.input())
                .decimal("cost_cache_read", p -> p.cost.cacheRead()).decimal("cost_cache_write", p -> p.cost.cacheWrite())
                .decimal("cost_output", p -> p.cost.output()).text("price_source", p -> p.cost.priceSource())
                .decimal("cache_savings", p -> p.savings);
        Tuple withWorkspace = calls.appendTo(Tuple.of(workspaceId));
        return conn.preparedQuery(LOCK_CONVERSATIONS).execute(Tuple.of(workspaceId, conversationIds))
                .chain(() -> conn.preparedQuery(calls.sql(UPDATE_CALLS, "u", 2)).execute(withWorkspace))
                .chain(() -> conn.preparedQuery(REBUILD_COSTS).execute(Tuple.of(workspaceId, conversationIds)))
                .chain(() -> UsageRollups.rebuild(conn, workspaceId,
                        priced.stream().map(p -> p.startedAt.truncatedTo(java.time.temporal.ChronoUnit.HOURS)).toList()))
                .replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
