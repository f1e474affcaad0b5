package io.apilogs.query.persistence.read;

import io.apilogs.query.search.SearchField;
import io.apilogs.query.search.SearchMatcher;
import io.apilogs.query.search.SearchQuery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks rows of the list's read ({@link SearchKind#select}) against a content search (issue 26), in order: each
 * row's subject and small texts at once, and the texts of its bodies row when its keys contain the query's, read
 * {@link #CHUNK_BYTES} of stored text at a time (a larger row alone), each read reserved from the {@link TextBudget}
 * first and released after. A message may be a megabyte: a window of 500 such rows never sits in memory at once.
 */
final class SearchFetch {
    static final long CHUNK_BYTES = 1 << 20;

    /** Takes each checked row in order; true to stop (a full page). */
    @FunctionalInterface
    interface Taker {
        boolean take(Row row, SearchMatcher matcher);
    }

    private SearchFetch() {
    }

    /** Checks the rows in order until {@code taker} says stop; the number of rows taken, stop included. */
    static Uni<Integer> each(SqlClient pool, TextBudget budget, SearchKind kind, String workspaceId, SearchQuery query,
                             Map<String, String> prompts, List<Row> rows, Taker taker) {
        return chunk(pool, budget, kind, workspaceId, query, prompts, rows, 0, true, taker);
    }

    /** The same, on the items' own texts only (not their conversation's subject). */
    static Uni<Integer> eachWithoutSubject(SqlClient pool, TextBudget budget, SearchKind kind, String workspaceId, SearchQuery query,
                                           Map<String, String> prompts, List<Row> rows, Taker taker) {
        return chunk(pool, budget, kind, workspaceId, query, prompts, rows, 0, false, taker);
    }

    private static Uni<Integer> chunk(SqlClient pool, TextBudget budget, SearchKind kind, String workspaceId, SearchQuery query,
                                      Map<String, String> prompts, List<Row> rows, int from, boolean subject, Taker taker) {
        if (from >= rows.size()) {
            return Uni.createFrom().item(rows.size());
        }
        int to = from;
        long bytes = 0;
        List<Integer> keyed = new ArrayList<>();
        boolean bodies = query.fields().stream().anyMatch(SearchFetch::inBodies);
        while (to < rows.size()) {
            Row row = rows.get(to);
            if (bodies && looked(row, prompts)) {
                long size = row.getLong("text_bytes");
                if (!keyed.isEmpty() && bytes + size > CHUNK_BYTES) {
                    break;
                }
                bytes += size;
                keyed.add(to);
            }
            to++;
        }
        int end = to;
        return bodies(pool, budget, kind, workspaceId, rows, keyed, bytes).chain(texts -> {
            for (int i = from; i < end; i++) {
                Row row = rows.get(i);
                SearchMatcher matcher = new SearchMatcher(query);
                if (subject) {
                    matcher.text(SearchField.SUBJECT, row.getString("subject"));
                }
                String prompt = prompt(row, prompts);
                if (prompt != null) {
                    matcher.text(SearchField.SYSTEM, prompt);
                }
                if (looked(row, prompts)) {
                    kind.hotTexts(row, matcher);
                    Row body = texts.get(key(row.getString("item_id"), row.getOffsetDateTime("started_at")));
                    if (body != null) {
                        kind.bodyTexts(body, matcher);
                    }
                }
                if (taker.take(row, matcher)) {
                    return Uni.createFrom().item(i + 1);
                }
            }
            return chunk(pool, budget, kind, workspaceId, query, prompts, rows, end, subject, taker);
        });
    }

    /**
     * Whether a row's own texts are read: when its keys contain the query's, or when its system prompt matches (a term
     * there and the others elsewhere in it make it a result, which its keys alone would not show).
     */
    private static boolean looked(Row row, Map<String, String> prompts) {
        return Boolean.TRUE.equals(row.getBoolean("keyed")) || prompt(row, prompts) != null;
    }

    private static String prompt(Row row, Map<String, String> prompts) {
        if (prompts.isEmpty()) {
            return null;
        }
        int column = row.getColumnIndex("search_prompt");
        return column < 0 ? null : prompts.get(row.getString(column));
    }

    private static boolean inBodies(SearchField field) {
        return field != SearchField.SUBJECT && field != SearchField.SYSTEM && field != SearchField.ERROR && field != SearchField.METADATA
                && field != SearchField.URL;
    }

    /** The bodies rows of the keyed rows, by id and start, read under a reservation of their stored bytes. */
    private static Uni<Map<String, Row>> bodies(SqlClient pool, TextBudget budget, SearchKind kind, String workspaceId, List<Row> rows,
                                                List<Integer> keyed, long bytes) {
        if (keyed.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        String[] ids = new String[keyed.size()];
        OffsetDateTime[] ats = new OffsetDateTime[keyed.size()];
        for (int i = 0; i < keyed.size(); i++) {
            Row row = rows.get(keyed.get(i));
            ids[i] = row.getString("item_id");
            ats[i] = row.getOffsetDateTime("started_at");
        }
        String sql = "select b." + kind.id + " as item_id, b.started_at, b." + String.join(", b.", kind.bodyColumns) + " from " + kind.bodies
                + " b join unnest($2::text[], $3::timestamptz[]) as k(id, at) on b." + kind.id + " = k.id and b.started_at = k.at"
                + " where b.workspace_id = $1";
        long reserved = budget.reserve(bytes);
        return pool.preparedQuery(sql).execute(Tuple.of(workspaceId, ids, ats)).map(found -> {
            Map<String, Row> byKey = new HashMap<>();
            found.forEach(row -> byKey.put(key(row.getString("item_id"), row.getOffsetDateTime("started_at")), row));
            return byKey;
        }).eventually(() -> budget.release(reserved));
    }

    private static String key(String id, OffsetDateTime at) {
        return id + ' ' + at.toInstant();
    }
}
