package io.apilogs.query.persistence.write;

import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.query.persistence.SqlArrays;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each distinct system prompt once per workspace, keyed by SHA-256, with how many calls used it and the first and last
 * startedAt of those calls (retention removes a prompt once its last call is gone).
 */
final class Prompts {
    private static final String UPSERT_PROMPTS = """
            insert into prompts as p (workspace_id, sha256, text, first_seen_at, last_seen_at, call_count)
            select * from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::int8[])
            on conflict (workspace_id, sha256) do update set
                call_count = p.call_count + excluded.call_count,
                first_seen_at = least(p.first_seen_at, excluded.first_seen_at),
                last_seen_at = greatest(p.last_seen_at, excluded.last_seen_at)
            returning (xmax = 0) as inserted""";

    record Use(String workspaceId, String sha256, String text, Instant firstSeen, Instant lastSeen, long count) {
        Use merge(Use other) {
            return new Use(workspaceId, sha256, text, firstSeen.isBefore(other.firstSeen) ? firstSeen : other.firstSeen,
                    lastSeen.isAfter(other.lastSeen) ? lastSeen : other.lastSeen, count + other.count);
        }
    }

    private Prompts() {
    }

    /** One row per workspace and prompt, in key order so concurrent writers lock prompt rows in one order. */
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

    /** Stores the batch's prompts; the result is how many were new (the rest were already stored). */
    static Uni<Integer> upsert(SqlConnection conn, BatchPlan plan) {
        Map<String, Use> uses = uses(plan);
        if (uses.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Tuple tuple = new SqlArrays<>(new ArrayList<>(uses.values()))
                .text(Use::workspaceId).text(Use::sha256).text(Use::text).time(Use::firstSeen).time(Use::lastSeen).int8(Use::count).tuple();
        return conn.preparedQuery(UPSERT_PROMPTS).execute(tuple).map(rows -> {
            int inserted = 0;
            for (io.vertx.mutiny.sqlclient.Row row : rows) {
                inserted += Boolean.TRUE.equals(row.getBoolean("inserted")) ? 1 : 0;
            }
            return inserted;
        });
    }
}
