package io.apilogs.query.persistence.read;

import io.apilogs.model.Times;
import io.apilogs.query.search.SearchField;
import io.apilogs.query.search.SearchQuery;
import io.apilogs.query.view.ConversationView;
import io.apilogs.query.view.SearchProgress;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Content search of the activity log (issue 26): the conversations of the filter, in the log's own order and keyset,
 * whose subject or any call, tool execution or HTTP request matches ({@link ConversationMatches}).
 * <ol>
 *   <li>First a window of {@link #WINDOW} conversations in order, each checked: a common phrase fills its page here.</li>
 *   <li>Then the conversations the content index names (items whose keys contain the query's, at most {@link #CAP}
 *       per kind) and those whose subject matches, paged in the log's order and checked.</li>
 *   <li>When the index names more than that, windows go on until the page is full or {@link #BUDGET_MS} has passed;
 *       then the page says how far it got, and its cursor goes on from there.</li>
 * </ol>
 */
final class ConversationSearch {
    static final int WINDOW = 200;
    static final int CAP = 5_000;
    static final long BUDGET_MS = 1_500;

    private final SqlClient pool;
    /** The system prompts that may match (SHA-256 to text), read once for the search. */
    private final Map<String, String> prompts;
    private final TextBudget budget;
    private final String workspaceId;
    private final ActivityFilter filter;
    private final SearchQuery query;
    private final Keyset.Key key;
    private final boolean descending;
    private final int limit;
    private final long deadline;
    private final List<ConversationView> hits = new ArrayList<>();
    private ActivityReads.Position at;

    private ConversationSearch(SqlClient pool, TextBudget budget, String workspaceId, ActivityFilter filter, Keyset.Key key, boolean descending, int limit,
                               ActivityReads.Position after, Map<String, String> prompts) {
        this.prompts = prompts;
        this.pool = pool;
        this.budget = budget;
        this.workspaceId = workspaceId;
        this.filter = filter;
        this.query = filter.search();
        this.key = key;
        this.descending = descending;
        this.limit = limit;
        this.deadline = System.currentTimeMillis() + BUDGET_MS;
        this.at = after;
    }

    static Uni<SearchPage<ConversationView>> run(Pool pool, TextBudget budget, String workspaceId, ActivityFilter filter, Keyset.Key key, boolean descending,
                                                 int limit, ActivityReads.Position after) {
        // The system prompts that may match are read once for the whole search, and their bytes held until it ends.
        return Cancellable.on(pool, conn -> PromptMatches.of(conn, budget, workspaceId, filter.search()).chain(found ->
                new ConversationSearch(conn, budget, workspaceId, filter, key, descending, limit, after, found.prompts()).window(true)
                        .eventually(() -> budget.release(found.reserved()))));
    }

    /** One window of conversations in order, checked; then the index's conversations (after the first), or another window. */
    private Uni<SearchPage<ConversationView>> window(boolean first) {
        if (!first && System.currentTimeMillis() > deadline) {
            return Uni.createFrom().item(bounded());
        }
        int before = hits.size();
        // The first window is checked to the end whatever the budget, so a page always gets somewhere to go on from.
        return step(null, first ? Long.MAX_VALUE : deadline).chain(done -> {
            if (done != null) {
                return Uni.createFrom().item(done);
            }
            // A phrase this window found often enough to fill the page within a few more windows goes on walking; a rarer
            // one asks the index which conversations to look at.
            int found = hits.size() - before;
            boolean often = found > 0 && limit - hits.size() <= 3 * found;
            return first && !often ? indexed() : window(false);
        });
    }

    /** The conversations the index and the subjects name, in order from the position; windows when there are too many. */
    private Uni<SearchPage<ConversationView>> indexed() {
        return named().chain(named -> named == null ? window(false) : named.isEmpty() ? Uni.createFrom().item(exhausted()) : among(named));
    }

    private Uni<SearchPage<ConversationView>> among(List<String> named) {
        if (System.currentTimeMillis() > deadline) {
            return Uni.createFrom().item(bounded());
        }
        return step(named, deadline).chain(done -> done != null ? Uni.createFrom().item(done) : among(named));
    }

    /**
     * The next page of conversations from the position (only {@code among} these, when given), checked by
     * {@code until}: a result when the page filled, nothing older is left or a row stayed undecided; else null, the
     * position moved past it.
     */
    private Uni<SearchPage<ConversationView>> step(List<String> among, long until) {
        return page(among, WINDOW).chain(page -> check(page.rows(), until).map(decided -> {
            SearchPage<ConversationView> done = take(page.rows(), decided);
            if (done != null) {
                return done;
            }
            if (page.next() == null) {
                return exhausted();
            }
            at = page.next();
            return null;
        }));
    }

    /** The conversations of the filter from the position, in the log's order, optionally only {@code among} these. */
    private Uni<Keyset.Page> page(List<String> among, int size) {
        List<Object> params = new ArrayList<>(List.of(workspaceId));
        String where = " where c.workspace_id = $1" + filter.where(params);
        if (among != null) {
            params.add(among.toArray(String[]::new));
            where += " and c.conversation_id = any($" + params.size() + "::text[])";
        }
        return Keyset.read(pool, ActivityReads.COLUMNS + ", c.conversation_id as item_id", ActivityReads.FROM, where, params, key,
                "c.conversation_id", descending, size, at);
    }

    /** The matches of each conversation of the rows; complete unless the budget ran out first. */
    private Uni<ConversationMatches.Decided> check(List<Row> rows, long until) {
        Map<String, String> subjects = new HashMap<>();
        rows.forEach(row -> subjects.put(row.getString("conversation_id"), row.getString("subject")));
        return ConversationMatches.of(pool, budget, workspaceId, query, prompts, subjects, until);
    }

    /**
     * Adds the matching rows in order; a page when it filled, or when a row is undecided (the budget ran out), else null.
     */
    private SearchPage<ConversationView> take(List<Row> rows, ConversationMatches.Decided decided) {
        for (Row row : rows) {
            String id = row.getString("conversation_id");
            if (!decided.complete() && !decided.matches().containsKey(id)) {
                return bounded();
            }
            List<ConversationView.ConversationMatch> found = decided.matches().get(id);
            if (found != null) {
                hits.add(ActivityReads.row(row).withMatches(found));
            }
            at = position(row);
            if (hits.size() >= limit) {
                return new SearchPage<>(hits, at, SearchProgress.COMPLETE);
            }
        }
        return decided.complete() ? null : bounded();
    }

    /**
     * The conversations of items whose keys contain the query's, and those whose subject matches; null when the index
     * names more than {@link #CAP} items of a kind (too common to list: the windows go on instead).
     */
    private Uni<List<String>> named() {
        List<Uni<List<String>>> parts = new ArrayList<>();
        for (SearchKind kind : SearchKind.values()) {
            String sql = "select " + kind.alias + ".conversation_id from (select b." + kind.id + ", b.started_at from " + kind.bodies
                    + " b where b.workspace_id = $1 and b.search_keys @> $2::int4[] limit " + (CAP + 1) + ") k join " + kind.table + " "
                    + kind.alias + " on " + kind.alias + ".workspace_id = $1 and " + kind.alias + "." + kind.id + " = k." + kind.id
                    + " and " + kind.alias + ".started_at = k.started_at";
            parts.add(strings(sql, List.of(workspaceId, query.keys()), CAP));
        }
        // Conversations of calls whose system prompt may match (the prompts were read once, at the start).
        if (!prompts.isEmpty()) {
            parts.add(strings("select conversation_id from llm_calls where workspace_id = $1 and prompt_sha256 = any($2::text[]) limit " + (CAP + 1),
                    List.of(workspaceId, prompts.keySet().toArray(String[]::new)), CAP));
        }
        if (query.in(SearchField.SUBJECT)) {
            parts.add(strings("select conversation_id from conversations where workspace_id = $1 and subject collate \"und-x-icu\""
                    + " ilike all($2::text[]) limit " + (CAP + 1), List.of(workspaceId, ConversationMatches.likePatterns(query)), CAP));
        }
        return Uni.join().all(parts).andFailFast().map(lists -> {
            Set<String> ids = new LinkedHashSet<>();
            for (List<String> list : lists) {
                if (list == null) {
                    return null;
                }
                ids.addAll(list);
            }
            return new ArrayList<>(ids);
        });
    }

    /** The first column of each row, or null when there are more than {@code cap}. */
    private Uni<List<String>> strings(String sql, List<Object> params, int cap) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            if (rows.rowCount() > cap) {
                return null;
            }
            Set<String> ids = new HashSet<>();
            rows.forEach(row -> ids.add(row.getString(0)));
            return new ArrayList<>(ids);
        });
    }

    private static ActivityReads.Position position(Row row) {
        Object value = row.getValue("sort_value");
        return new ActivityReads.Position(value == null ? null : value instanceof OffsetDateTime time ? time.toString() : String.valueOf(value),
                row.getString("item_id"));
    }

    private SearchPage<ConversationView> exhausted() {
        return new SearchPage<>(hits, null, SearchProgress.COMPLETE);
    }

    private SearchPage<ConversationView> bounded() {
        String upTo = null;
        if (at != null && key.sqlType().equals("timestamptz") && at.value() != null) {
            upTo = Times.format(OffsetDateTime.parse(at.value()));
        }
        return new SearchPage<>(hits, at, new SearchProgress(false, upTo));
    }
}
