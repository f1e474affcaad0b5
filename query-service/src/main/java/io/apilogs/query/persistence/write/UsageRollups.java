package io.apilogs.query.persistence.write;

import io.apilogs.model.cost.CostBreakdown;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.ratelimit.Headroom;
import io.apilogs.query.persistence.DurationBuckets;
import io.apilogs.query.persistence.SqlArrays;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The hourly usage roll-ups behind analytics: the writer adds each batch's calls in its transaction, to the shard of
 * its Kafka partition, so concurrent writers never wait for each other's rows; reads sum the shards. Repricing
 * rebuilds the hours it touched from the calls themselves, and {@link #fold} merges old hours' shards into shard 0.
 */
public final class UsageRollups {
    /** Shards per hour and key: writers of partitions that differ modulo this never share a roll-up row. */
    public static final int SHARDS = 16;
    /**
     * Advisory lock key: rebuilds hold it shared for their transaction, a fold statement takes it exclusively or skips
     * its round, so a fold and a rebuild never lock the same rows in opposite orders.
     */
    private static final long FOLD_OR_REBUILD = 0x61706c6f_67730001L;

    /** A roll-up table and the call attribute it is keyed by. */
    enum Table {
        BY_MODEL("usage_hourly_model", "model", "coalesce(model, '')", c -> c.model() == null ? "" : c.model()),
        BY_ASSISTANT("usage_hourly_assistant", "assistant_id", "assistant_id", c -> c.assistant().id());

        final String name;
        final String keyColumn;
        final String keyExpression;
        final Function<LlmCallEvent, String> key;

        Table(String name, String keyColumn, String keyExpression, Function<LlmCallEvent, String> key) {
            this.name = name;
            this.keyColumn = keyColumn;
            this.keyExpression = keyExpression;
            this.key = key;
        }

        String upsert() {
            return "insert into " + name + " as u (workspace_id, hour, " + keyColumn + ", shard, calls, input_tokens, output_tokens,"
                    + " cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, unpriced_calls, errors, max_duration_ms,"
                    + " duration_hist, " + ANALYTICS + ")"
                    + " select r.ws, r.hour, r.k, $1::int2, r.calls, r.input, r.output, r.cache_read, r.cache_write, r.reasoning,"
                    + " r.cost::numeric, r.unpriced, r.errors, r.max_ms, r.hist::integer[], r.rate_limited, r.savings::numeric,"
                    + " r.min_requests::real, r.min_tokens::real, r.low_headroom"
                    + " from " + SqlArrays.UNNEST
                    + ADD_UP.formatted(keyColumn);
        }

        /**
         * Moves the rows of shards other than 0 of hours before $1 of workspace $3 into shard 0, summed, at most $2
         * source rows per statement, taken and added to in the writers' order (hour, key in byte order).
         */
        String fold() {
            // Rows a writer or a rebuild holds are skipped (the next run folds them), so the fold never waits on one.
            return "with moved as (delete from " + name + " where ctid = any(array("
                    + " select ctid from " + name + " where workspace_id = $3 and hour < $1 and shard <> 0"
                    + " order by workspace_id collate \"C\", hour, " + keyColumn + " collate \"C\", shard"
                    + " limit $2 for update skip locked)) and workspace_id = $3 and hour < $1 and shard <> 0 returning *)"
                    + " insert into " + name + " as u (workspace_id, hour, " + keyColumn + ", shard, calls, input_tokens,"
                    + " output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, unpriced_calls, errors,"
                    + " max_duration_ms, duration_hist, " + ANALYTICS + ")"
                    + " select workspace_id, hour, " + keyColumn + ", 0, sum(calls), sum(input_tokens), sum(output_tokens),"
                    + " sum(cache_read_tokens), sum(cache_write_tokens), sum(reasoning_tokens), sum(cost_usd), sum(unpriced_calls),"
                    + " sum(errors), max(max_duration_ms), apilogs_hist_sum(duration_hist), sum(rate_limited), sum(cache_savings_usd),"
                    + " min(min_requests_share), min(min_tokens_share), sum(low_headroom_calls)"
                    + " from moved group by workspace_id, hour, " + keyColumn
                    + " order by workspace_id collate \"C\", hour, " + keyColumn + " collate \"C\""
                    + ADD_UP.formatted(keyColumn);
        }

        /**
         * Locks, then deletes and recomputes some hours of a workspace from llm_calls: $1 workspace, $2 hours. The
         * delete and the insert are one statement, so both see the same committed rows: a writer's row committed
         * before it is deleted and its calls counted, a writer's row committed after it stays and its calls are not.
         */
        List<String> rebuild() {
            return List.of(
                    // Locks the rows first in the writers' order (hour, then key in byte order), so a rebuild and a
                    // writer adding to the same hours wait for each other instead of deadlocking.
                    "select count(*) from (select 1 from " + name + " where workspace_id = $1 and hour = any($2::timestamptz[])"
                            + " order by hour, " + keyColumn + " collate \"C\", shard for update) locked",
                    "with gone as (delete from " + name + " where workspace_id = $1 and hour = any($2::timestamptz[]) returning 1),"
                            + " calls as (select workspace_id, started_at, model, assistant_id, input_tokens, output_tokens,"
                            + " cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, error is not null as failed, duration_ms,"
                            + " " + RATE_LIMITED_SQL + " as rate_limited, cache_savings_usd, rl_requests_share, rl_tokens_share"
                            + " from llm_calls where workspace_id = $1"
                            + " and date_trunc('hour', started_at, 'UTC') = any($2::timestamptz[])"
                            // Reading "gone" makes the delete run before the insert (an unread one runs after it).
                            + " and (select count(*) from gone) >= 0),"
                            + " sums as (select workspace_id, date_trunc('hour', started_at, 'UTC') as hour, " + keyExpression + " as k,"
                            + " count(*) as calls, coalesce(sum(input_tokens), 0) as input, coalesce(sum(output_tokens), 0) as output,"
                            + " coalesce(sum(cache_read_tokens), 0) as cache_read, coalesce(sum(cache_write_tokens), 0) as cache_write,"
                            + " coalesce(sum(reasoning_tokens), 0) as reasoning, sum(cost_usd) as cost,"
                            + " count(*) filter (where cost_usd is null) as unpriced, count(*) filter (where failed) as errors,"
                            + " max(duration_ms) as max_ms, count(*) filter (where rate_limited) as rate_limited,"
                            + " sum(cache_savings_usd) as savings, min(rl_requests_share) as min_requests, min(rl_tokens_share) as min_tokens,"
                            + " count(*) filter (where least(rl_requests_share, rl_tokens_share) < " + Headroom.LOW + ") as low_headroom"
                            + " from calls group by 1, 2, 3),"
                            + " buckets as (select workspace_id, date_trunc('hour', started_at, 'UTC') as hour, " + keyExpression + " as k,"
                            + " apilogs_duration_bucket(duration_ms) as b, count(*) as n from calls where duration_ms is not null"
                            + " group by 1, 2, 3, 4),"
                            + " hists as (select workspace_id, hour, k, apilogs_hist_of(array_agg(b), array_agg(n)) as hist from buckets"
                            + " group by 1, 2, 3)"
                            + " insert into " + name + " (workspace_id, hour, " + keyColumn + ", shard, calls, input_tokens,"
                            + " output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, unpriced_calls, errors,"
                            + " max_duration_ms, duration_hist, " + ANALYTICS + ")"
                            + " select s.workspace_id, s.hour, s.k, 0, s.calls, s.input, s.output, s.cache_read, s.cache_write,"
                            + " s.reasoning, s.cost, s.unpriced, s.errors, s.max_ms, h.hist, s.rate_limited, s.savings, s.min_requests,"
                            + " s.min_tokens, s.low_headroom from sums s"
                            + " left join hists h on h.workspace_id = s.workspace_id and h.hour = s.hour and h.k = s.k");
        }
    }

    /** Adds an incoming row to the one of the same hour, key and shard. */
    private static final String ADD_UP = " on conflict (workspace_id, hour, %s, shard) do update set"
            + " calls = u.calls + excluded.calls, input_tokens = u.input_tokens + excluded.input_tokens,"
            + " output_tokens = u.output_tokens + excluded.output_tokens,"
            + " cache_read_tokens = u.cache_read_tokens + excluded.cache_read_tokens,"
            + " cache_write_tokens = u.cache_write_tokens + excluded.cache_write_tokens,"
            + " reasoning_tokens = u.reasoning_tokens + excluded.reasoning_tokens,"
            + " cost_usd = case when excluded.cost_usd is null then u.cost_usd else coalesce(u.cost_usd, 0) + excluded.cost_usd end,"
            + " unpriced_calls = u.unpriced_calls + excluded.unpriced_calls, errors = u.errors + excluded.errors,"
            + " max_duration_ms = greatest(u.max_duration_ms, excluded.max_duration_ms),"
            + " duration_hist = apilogs_hist_add(u.duration_hist, excluded.duration_hist),"
            + " rate_limited = u.rate_limited + excluded.rate_limited,"
            + " cache_savings_usd = case when excluded.cache_savings_usd is null then u.cache_savings_usd"
            + " else coalesce(u.cache_savings_usd, 0) + excluded.cache_savings_usd end,"
            // least() skips nulls: a share stays unknown only while no call of the row gave one.
            + " min_requests_share = least(u.min_requests_share, excluded.min_requests_share),"
            + " min_tokens_share = least(u.min_tokens_share, excluded.min_tokens_share),"
            + " low_headroom_calls = u.low_headroom_calls + excluded.low_headroom_calls";

    /** The columns of V21 (issue 27: 429s, cache savings, rate-limit headroom), in the order every statement writes them. */
    private static final String ANALYTICS = "rate_limited, cache_savings_usd, min_requests_share, min_tokens_share, low_headroom_calls";

    /** {@link Headroom#rateLimited} over a stored call's {@code error}, for the rebuild from llm_calls. */
    private static final String RATE_LIMITED_SQL = rateLimitedSql("error");

    /** {@link Headroom#rateLimited} over the stored error JSON in {@code column}. */
    public static String rateLimitedSql(String column) {
        return "coalesce(" + column + "->>'httpStatus' = '429' or replace(lower(" + column + "->>'type'), '_', '') like '%ratelimit%', false)";
    }

    private static final class Sums {
        final String workspaceId;
        final Instant hour;
        final String key;
        long calls;
        long input;
        long output;
        long cacheRead;
        long cacheWrite;
        long reasoning;
        BigDecimal cost;
        long unpriced;
        long errors;
        Long maxDuration;
        int[] durations = new int[0];
        long rateLimited;
        BigDecimal savings;
        Double minRequests;
        Double minTokens;
        long lowHeadroom;

        void addHeadroom(Headroom headroom) {
            if (headroom == null) {
                return;
            }
            minRequests = Headroom.lower(minRequests, headroom.requests());
            minTokens = Headroom.lower(minTokens, headroom.tokens());
            if (headroom.low()) {
                lowHeadroom++;
            }
        }

        void addDuration(Long ms) {
            if (ms == null) {
                return;
            }
            maxDuration = maxDuration == null ? ms : Math.max(maxDuration, ms);
            int bucket = DurationBuckets.bucket(ms);
            if (bucket >= durations.length) {
                durations = java.util.Arrays.copyOf(durations, bucket + 1);
            }
            durations[bucket]++;
        }

        /** The histogram as an array literal, or null without durations. */
        String histogram() {
            if (durations.length == 0) {
                return null;
            }
            StringBuilder literal = new StringBuilder(durations.length * 2 + 2).append('{');
            for (int i = 0; i < durations.length; i++) {
                literal.append(i == 0 ? "" : ",").append(durations[i]);
            }
            return literal.append('}').toString();
        }

        Sums(String workspaceId, Instant hour, String key) {
            this.workspaceId = workspaceId;
            this.hour = hour;
            this.key = key;
        }
    }

    private UsageRollups() {
    }

    /** Adds the calls to their hours' rows of {@code shard} (0 to {@link #SHARDS} - 1). */
    static Uni<Void> add(SqlConnection conn, List<LlmCallEvent> calls, Map<LlmCallEvent, CostBreakdown> costs,
                         Map<LlmCallEvent, Headroom> headroom, int shard) {
        if (shard < 0 || shard >= SHARDS) {
            throw new IllegalArgumentException("shard must be 0-" + (SHARDS - 1) + ", not " + shard);
        }
        List<Uni<Void>> upserts = new ArrayList<>();
        for (Table table : Table.values()) {
            // Sorted keys: concurrent writers lock roll-up rows in one order, which keeps deadlocks away.
            TreeMap<String, Sums> sums = new TreeMap<>();
            for (LlmCallEvent call : calls) {
                Instant hour = call.startedAt().truncatedTo(ChronoUnit.HOURS);
                String key = table.key.apply(call);
                Sums s = sums.computeIfAbsent(call.workspaceId() + '\u0000' + hour + '\u0000' + key,
                        k -> new Sums(call.workspaceId(), hour, key));
                s.calls++;
                s.input = Values.add(s.input, call.usage().inputOrZero());
                s.output = Values.add(s.output, call.usage().outputOrZero());
                s.cacheRead = Values.add(s.cacheRead, call.usage().cacheReadOrZero());
                s.cacheWrite = Values.add(s.cacheWrite, call.usage().cacheWriteOrZero());
                s.reasoning = Values.add(s.reasoning, call.usage().reasoningOrZero());
                if (call.error() != null) {
                    s.errors++;
                }
                s.addDuration(call.durationMs());
                if (Headroom.rateLimited(call.error())) {
                    s.rateLimited++;
                }
                s.addHeadroom(headroom.get(call));
                BigDecimal saved = CallRows.savings(costs.get(call), call.usage());
                if (saved != null) {
                    s.savings = s.savings == null ? saved : s.savings.add(saved);
                }
                BigDecimal cost = costs.get(call).total();
                if (cost == null) {
                    s.unpriced++;
                } else {
                    s.cost = s.cost == null ? cost : s.cost.add(cost);
                }
            }
            if (sums.isEmpty()) {
                continue;
            }
            // $1 is the shard; the columns follow.
            SqlArrays<Sums> rows = new SqlArrays<>(new ArrayList<>(sums.values()))
                    .text("ws", s -> s.workspaceId).time("hour", s -> s.hour).text("k", s -> s.key)
                    .int8("calls", s -> s.calls).int8("input", s -> s.input).int8("output", s -> s.output)
                    .int8("cache_read", s -> s.cacheRead).int8("cache_write", s -> s.cacheWrite).int8("reasoning", s -> s.reasoning)
                    .decimal("cost", s -> s.cost).int8("unpriced", s -> s.unpriced).int8("errors", s -> s.errors)
                    .int8("max_ms", s -> s.maxDuration).text("hist", Sums::histogram)
                    .int8("rate_limited", s -> s.rateLimited).decimal("savings", s -> s.savings)
                    .text("min_requests", s -> s.minRequests == null ? null : s.minRequests.toString())
                    .text("min_tokens", s -> s.minTokens == null ? null : s.minTokens.toString())
                    .int8("low_headroom", s -> s.lowHeadroom);
            upserts.add(conn.preparedQuery(rows.sql(table.upsert(), "r", 2)).execute(rows.appendTo(Tuple.of((short) shard))).replaceWithVoid());
        }
        // A late call (an hour before the previous one) changes hours that analytics may have merged into spans: a new
        // epoch in this transaction retires them (persistence.read.SpanCache). In workspace order, as the rows above.
        java.util.TreeSet<String> late = new java.util.TreeSet<>();
        Instant settled = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
        for (LlmCallEvent call : calls) {
            if (call.startedAt().truncatedTo(ChronoUnit.HOURS).isBefore(settled)) {
                late.add(call.workspaceId());
            }
        }
        if (!late.isEmpty()) {
            upserts.add(newEpoch(conn, shard, late.toArray(String[]::new)));
        }
        return upserts.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(upserts).andFailFast().replaceWithVoid();
    }

    /** The epoch counter of repricing rebuilds (writers count under their shard, 0-15). */
    private static final short REBUILDS = -1;

    /**
     * Retires every analytics span merged for these workspaces (V22), in this transaction: the counter of {@code shard}
     * goes up, so writers of different shards never wait for each other's counter.
     */
    public static Uni<Void> newEpoch(SqlConnection conn, int shard, String... workspaceIds) {
        return conn.preparedQuery("insert into usage_epochs (workspace_id, shard, epoch) select w, $2, 1 from unnest($1::text[]) as w"
                        + " order by w collate \"C\" on conflict (workspace_id, shard) do update set epoch = usage_epochs.epoch + 1")
                .execute(Tuple.of(workspaceIds, (short) shard)).replaceWithVoid();
    }

    /**
     * Folds the shards of the hours before {@code before} into shard 0, {@code batchSize} rows per statement, until
     * none is left; returns the shard-0 rows written. Writers add to such hours only for late events, which the next run folds.
     */
    public static Uni<Long> fold(Pool pool, Instant before, int batchSize) {
        OffsetDateTime bound = before.atOffset(ZoneOffset.UTC);
        Uni<Long> total = Uni.createFrom().item(0L);
        for (Table table : Table.values()) {
            total = total.chain(sofar -> foldTable(pool, table, bound, batchSize).map(n -> sofar + n));
        }
        return total;
    }

    /**
     * One workspace at a time: a workspace whose sums cannot be folded (once: a bigint overflow) keeps its shards, and is
     * logged, while every other workspace is folded. Folding all workspaces in one statement once failed for everyone.
     */
    private static Uni<Long> foldTable(Pool pool, Table table, OffsetDateTime before, int batchSize) {
        return pool.preparedQuery("select distinct workspace_id from " + table.name + " where hour < $1 and shard <> 0")
                .execute(Tuple.of(before)).chain(rows -> {
                    Uni<Long> total = Uni.createFrom().item(0L);
                    for (var row : rows) {
                        String workspace = row.getString(0);
                        total = total.chain(sofar -> foldAll(pool, table, before, batchSize, workspace)
                                .onFailure().recoverWithItem(e -> {
                                    Log.warnf("folding %s for workspace %s failed, its shards stay as they are (the others are"
                                            + " folded): %s", table.name, workspace, e.toString());
                                    return 0L;
                                })
                                .map(n -> sofar + n));
                    }
                    return total;
                });
    }

    private static Uni<Long> foldAll(Pool pool, Table table, OffsetDateTime before, int batchSize, String workspace) {
        return pool.withTransaction(conn -> conn.preparedQuery("select pg_try_advisory_xact_lock($1) as free").execute(Tuple.of(FOLD_OR_REBUILD))
                        .chain(lock -> Boolean.TRUE.equals(lock.iterator().next().getBoolean("free"))
                                ? conn.preparedQuery(table.fold()).execute(Tuple.of(before, batchSize, workspace))
                                        .map(rows -> (long) rows.rowCount())
                                : Uni.createFrom().item(0L)))
                .chain(n -> n == 0 ? Uni.createFrom().item(0L) : foldAll(pool, table, before, batchSize, workspace).map(more -> n + more));
    }

    public static Uni<Void> rebuild(SqlConnection conn, String workspaceId, List<Instant> hours) {
        OffsetDateTime[] values = hours.stream().distinct().map(h -> h.atOffset(ZoneOffset.UTC))
                .toArray(OffsetDateTime[]::new);
        Uni<Void> chain = conn.preparedQuery("select pg_advisory_xact_lock_shared($1)").execute(Tuple.of(FOLD_OR_REBUILD)).replaceWithVoid()
                .chain(() -> newEpoch(conn, REBUILDS, workspaceId));
        for (Table table : Table.values()) {
            for (String sql : table.rebuild()) {
                chain = chain.chain(() -> conn.preparedQuery(sql).execute(Tuple.of(workspaceId, values)).replaceWithVoid());
            }
        }
        return chain;
    }
}
