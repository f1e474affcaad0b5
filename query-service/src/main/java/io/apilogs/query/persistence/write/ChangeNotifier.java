package io.apilogs.query.persistence.write;

import io.apilogs.query.persistence.Changes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells every query-service replica which conversations changed. NOTIFY is delivered at commit, so listeners only
 * ever read committed rows. Payloads stay under PostgreSQL's 8000-byte limit by splitting; all go in one statement.
 */
final class ChangeNotifier {
    /** Conversation ids per payload, in characters: leaves room for the workspace id and the JSON around them. */
    static final int PAYLOAD_IDS_CHARS = 6000;

    private static final String NOTIFY = "select count(*) from (select pg_notify($1, p) from unnest($2::text[]) as p) n";

    private ChangeNotifier() {
    }

    static List<String> payloads(Collection<ConversationDelta> changed) {
        Map<String, List<ConversationDelta>> byWorkspace = new LinkedHashMap<>();
        for (ConversationDelta delta : changed) {
            byWorkspace.computeIfAbsent(delta.workspaceId, k -> new ArrayList<>()).add(delta);
        }
        List<String> payloads = new ArrayList<>();
        byWorkspace.forEach((workspaceId, deltas) -> {
            List<String> chunk = new ArrayList<>();
            List<Long> firsts = new ArrayList<>();
            List<Long> lasts = new ArrayList<>();
            int size = 0;
            for (ConversationDelta delta : deltas) {
                if (size + delta.conversationId.length() > PAYLOAD_IDS_CHARS && !chunk.isEmpty()) {
                    payloads.add(Values.json(new Changes(workspaceId, chunk, firsts, lasts)));
                    chunk = new ArrayList<>();
                    firsts = new ArrayList<>();
                    lasts = new ArrayList<>();
                    size = 0;
                }
                chunk.add(delta.conversationId);
                firsts.add(delta.firstNewSeq);
                lasts.add(delta.lastNewSeq);
                // The id with its quotes and comma, and two seqs (each at most 20 digits and a comma).
                size += delta.conversationId.length() + 3 + 42;
            }
            payloads.add(Values.json(new Changes(workspaceId, chunk, firsts, lasts)));
        });
        return payloads;
    }

    static Uni<Void> notify(SqlConnection conn, Collection<ConversationDelta> changed) {
        List<String> payloads = payloads(changed);
        if (payloads.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(NOTIFY).execute(Tuple.of(Changes.CHANNEL, payloads.toArray(String[]::new))).replaceWithVoid();
    }
}
