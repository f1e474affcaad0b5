package io.apilogs.query.persistence.read;

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
    public Uni<PromptView> prompt(String workspaceId, String sha256) {
        return pool.preparedQuery("select sha256, text, first_seen_at, call_count from prompts where workspace_id = $1 and sha256 = $2")
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
