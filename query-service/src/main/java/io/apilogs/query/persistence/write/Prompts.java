package io.apilogs.query.persistence.write;

import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.query.persistence.SqlArrays;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each distinct system prompt once per workspace, keyed by SHA-256 ({@code prompts}), and how many calls used it with
 * the first and last startedAt of those calls ({@code prompt_stats}, in the writer's shard; retention removes a
 * prompt once its last call is gone).
 */
final class Prompts {
    private static final String ADD_STATS = """
            insert into prompt_stats as s (workspace_id, sha256, shard, call_count, first_seen_at, last_seen_at)
            select u.ws, u.sha, $1::int2, u.n, u.first_at, u.last_at
            from {unnest}
            on conflict (workspace_id, sha256, shard) do update set
                call_count = s.call_count + excluded.call_count,
                first_seen_at = least(s.first_seen_at, excluded.first_seen_at),
                last_seen_at = greatest(s.last_seen_at, excluded.last_seen_at)""";
    /** A known prompt is left alone: DO NOTHING takes no lock on it. The rows returned are the prompts new here. */
    private static final String INSERT_TEXTS = """
            insert into prompts (workspace_id, sha256, text, search_keys)
            select u.workspace_id, u.sha256, u.text, u.search_keys::int4[] from {unnest}
            on conflict (workspace_id, sha256) do nothing
            returning sha256""";

    record Use(String workspaceId, String sha256, String text, Instant firstSeen, Instant lastSeen, long count) {
        Use merge(Use other) {
            return new Use(workspaceId, sha256, text, firstSeen.isBefore(other.firstSeen) ? firstSeen : other.firstSeen,
                    lastSeen.isAfter(other.lastSeen) ? lastSeen : other.lastSeen, count + other.count);
        }
    }

    private Prompts() {
    }

    /** One row per workspace and prompt, in key order so concurrent writers of a shard lock its rows in one order. */
    static Map<String, Use> uses(BatchPlan plan) {
        Map<String, Use> uses = new TreeMap<>();
        for (LlmCallEvent call : plan.calls) {
            String sha = plan.promptHashes.get(call);
            if (sha != null) {
                uses.merge(Values.key(call.workspaceId(), sha),
                        new Use(call.workspaceId(), sha, call.systemPrompt(), call.startedAt(), call.startedAt(), 1), Use::merge);
            }
        }
        return uses;
    }

    /**
     * Stores the batch's prompts and adds to their counts in {@code shard}; the result is how many prompts were new.
     * Both statements are sent at once, the counts first: retention, which deletes the prompts no count row refers to,
     * locks {@code prompt_stats} against writers while it does, so a writer's counts are in before its text is
     * skipped as already there.
     */
    static Uni<Integer> upsert(SqlConnection conn, BatchPlan plan, int shard) {
        return upsert(conn, uses(plan), shard);
    }

    /** Stores these uses (keyed and ordered as {@link #uses(BatchPlan)} makes them); the result is how many prompts were new. */
    static Uni<Integer> upsert(SqlConnection conn, Map<String, Use> uses, int shard) {
        if (uses.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Use> rows = new ArrayList<>(uses.values());
        // $1 is the shard; the columns follow.
        SqlArrays<Use> stats = new SqlArrays<>(rows).text("ws", Use::workspaceId).text("sha", Use::sha256).int8("n", Use::count)
                .time("first_at", Use::firstSeen).time("last_at", Use::lastSeen);
        SqlArrays<Use> texts = new SqlArrays<>(rows).text("workspace_id", Use::workspaceId).text("sha256", Use::sha256).text("text", Use::text)
                .text("search_keys", use -> SearchKeys.text(use.text()));
        return Uni.join().all(
                        conn.preparedQuery(stats.sql(ADD_STATS, "u", 2)).execute(stats.appendTo(Tuple.of((short) shard))).replaceWith(0),
                        conn.preparedQuery(texts.sql(INSERT_TEXTS, "u")).execute(texts.tuple()).map(inserted -> inserted.rowCount()))
                .andFailFast().map(results -> results.get(1));
    }
}
