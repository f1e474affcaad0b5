package io.apilogs.query.persistence.read;

import io.apilogs.query.service.DetailBudget;
import io.apilogs.query.view.PromptView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** System prompts, stored once per workspace by the SHA-256 of their exact UTF-8 text. */
@ApplicationScoped
public class PromptReads {
    private final Pool pool;

    public PromptReads(Pool pool) {
        this.pool = pool;
    }

    /** Null when the workspace has no prompt with that hash. */
    public Uni<PromptView> prompt(String workspaceId, String sha256, DetailBudget.Claim claim) {
        return pool.preparedQuery("select octet_length(text) as bytes from prompts where workspace_id = $1 and sha256 = $2")
                .execute(Tuple.of(workspaceId, sha256)).chain(sizes -> {
                    if (sizes.rowCount() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    claim.take(sizes.iterator().next().getLong("bytes"));
                    return read(workspaceId, sha256);
                });
    }

    private Uni<PromptView> read(String workspaceId, String sha256) {
        // The counts are summed over the writers' shards.
        return pool.preparedQuery("select p.sha256, p.text, s.first_seen_at, s.call_count from prompts p"
                        + " cross join lateral (select min(first_seen_at) as first_seen_at, coalesce(sum(call_count), 0)::int8 as call_count"
                        + " from prompt_stats where workspace_id = p.workspace_id and sha256 = p.sha256) s"
                        + " where p.workspace_id = $1 and p.sha256 = $2")
                .execute(Tuple.of(workspaceId, sha256))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new PromptView(row.getString("sha256"), row.getString("text"), Rows.time(row, "first_seen_at"),
                            row.getLong("call_count"));
                });
    }
}
