package io.apilogs.query.persistence.read;

import io.apilogs.query.search.SearchField;
import io.apilogs.query.search.SearchMatcher;
import io.apilogs.query.search.SearchQuery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The candidates of one month of a content search over one kind of item (issue 26; {@link ItemSearch}), newest first,
 * at most {@code cap} from each source: items whose keys contain the query's (the content index), items of
 * conversations whose subject matches, and calls whose system prompt may match ({@link PromptMatches}).
 */
final class MonthCandidates {
    static final int SUBJECT_CAP = 1_000;

    private final SqlClient pool;
    private final SearchKind kind;
    private final String workspaceId;
    private final SearchQuery query;
    private final int cap;
    private final OffsetDateTime from;
    private List<String> subjectConversations;
    private boolean subjectsOverflow;

    MonthCandidates(SqlClient pool, SearchKind kind, String workspaceId, SearchQuery query, int cap, OffsetDateTime from) {
        this.pool = pool;
        this.kind = kind;
        this.workspaceId = workspaceId;
        this.query = query;
        this.cap = cap;
        this.from = from;
    }

    /** Candidates of one month, newest first; {@code capped} when a source had more than the cap. */
    record Candidates(List<String> ids, List<OffsetDateTime> ats, boolean capped) {
    }

    /** The candidates of the month from {@code monthStart} up to the position {@code (at, atId)}, exclusive. */
    Uni<Candidates> of(OffsetDateTime monthStart, OffsetDateTime at, String atId, Map<String, String> prompts) {
        List<Object> params = new ArrayList<>(List.of(workspaceId, query.keys(), monthStart));
        String indexed = "select b." + kind.id + " as id, b.started_at from " + kind.bodies + " b where b.workspace_id = $1"
                + " and b.search_keys @> $2::int4[] and b.started_at >= $3" + before(params, "b", at, atId);
        params.add(cap);
        indexed += " order by b.started_at desc, b." + kind.id + " desc limit $" + params.size();
        Uni<List<Row>> byIndex = rows(indexed, params);
        Uni<List<Row>> bySubject = subjects().chain(conversations -> {
            if (conversations.isEmpty()) {
                return Uni.createFrom().item(List.<Row>of());
            }
            List<Object> p = new ArrayList<>(List.of(workspaceId, conversations.toArray(String[]::new), monthStart));
            String a = kind.alias;
            String sql = "select " + a + "." + kind.id + " as id, " + a + ".started_at from " + kind.table + " " + a
                    + " where " + a + ".workspace_id = $1 and " + a + ".conversation_id = any($2::text[]) and " + a + ".started_at >= $3"
                    + before(p, a, at, atId);
            p.add(cap);
            return rows(sql + " order by " + a + ".started_at desc, " + a + "." + kind.id + " desc limit $" + p.size(), p);
        });
        Uni<List<Row>> byPrompt = Uni.createFrom().item(List.of());
        if (!prompts.isEmpty()) {
            List<Object> p = new ArrayList<>(List.of(workspaceId, prompts.keySet().toArray(String[]::new), monthStart));
            String sql = "select l.call_id as id, l.started_at from llm_calls l where l.workspace_id = $1 and l.prompt_sha256 = any($2::text[])"
                    + " and l.started_at >= $3" + before(p, "l", at, atId);
            p.add(cap);
            byPrompt = rows(sql + " order by l.started_at desc, l.call_id desc limit $" + p.size(), p);
        }
        return Uni.combine().all().unis(byIndex, bySubject, byPrompt).asTuple().map(all -> {
            // Newest first, each once: the sources are each in that order and at most a few thousand rows.
            java.util.TreeMap<String, Row> merged = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
            boolean capped = subjectsOverflow;
            for (List<Row> source : List.of(all.getItem1(), all.getItem2(), all.getItem3())) {
                capped |= source.size() >= cap;
                for (Row row : source) {
                    java.time.Instant start = row.getOffsetDateTime("started_at").toInstant();
                    merged.put(String.format("%019d%09d ", start.getEpochSecond(), start.getNano()) + row.getString("id"), row);
                }
            }
            List<String> ids = new ArrayList<>();
            List<OffsetDateTime> ats = new ArrayList<>();
            for (Row row : merged.values()) {
                ids.add(row.getString("id"));
                ats.add(row.getOffsetDateTime("started_at"));
            }
            return new Candidates(ids, ats, capped);
        });
    }

    /** The conversations whose subject has every term (when the search looks in subjects), at most {@link #SUBJECT_CAP}. */
    private Uni<List<String>> subjects() {
        if (subjectConversations != null || !query.in(SearchField.SUBJECT)) {
            return Uni.createFrom().item(subjectConversations == null ? List.of() : subjectConversations);
        }
        String[] patterns = ConversationMatches.likePatterns(query);
        return rows("select conversation_id, subject from conversations where workspace_id = $1"
                + " and subject collate \"und-x-icu\" ilike all($2::text[]) limit " + (SUBJECT_CAP + 1), List.of(workspaceId, patterns))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    for (Row row : rows) {
                        if (new SearchMatcher(query).text(SearchField.SUBJECT, row.getString("subject")).matched()) {
                            ids.add(row.getString("conversation_id"));
                        }
                    }
                    subjectsOverflow = rows.size() > SUBJECT_CAP;
                    subjectConversations = ids;
                    return ids;
                });
    }

    /**
     * Rows strictly before the position: {@code (started_at, id) < (at, atId)}, a row comparison the (workspace,
     * started_at desc, id desc) indexes serve in order; an id of "" means "before this time" (ids are never empty).
     */
    static String before(List<Object> params, String alias, String id, OffsetDateTime at, String atId) {
        params.add(at);
        params.add(atId);
        return " and (" + alias + ".started_at, " + alias + "." + id + ") < ($" + (params.size() - 1) + ", $" + params.size() + ")";
    }

    /** The same, and from the range's start. */
    private String before(List<Object> params, String alias, OffsetDateTime at, String atId) {
        String sql = before(params, alias, kind.id, at, atId);
        if (from != null) {
            params.add(from);
            sql += " and " + alias + ".started_at >= $" + params.size();
        }
        return sql;
    }

    private Uni<List<Row>> rows(String sql, List<Object> params) {
        return Keyset.rows(pool, sql, params);
    }
}
