package io.apilogs.query.persistence.read;

import io.apilogs.model.Times;
import io.apilogs.query.search.SearchField;
import io.apilogs.query.search.SearchMatcher;
import io.apilogs.query.search.SearchQuery;
import io.apilogs.query.view.ConversationView.ConversationMatch;
import io.apilogs.query.view.SearchMatch;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of some conversations a content search matches (issue 26), and where: the subject, checked here, then each
 * kind of item in turn, newest first, only those whose keys contain the query's, checked ({@link SearchMatcher}), a
 * conversation leaving the search at its first matching item. Used by the activity log's search and its live stream.
 */
final class ConversationMatches {
    static final int CHUNK = 200;

    /** The matches by conversation; {@code complete} is false when the budget ran out before every conversation was decided. */
    record Decided(Map<String, List<ConversationMatch>> matches, boolean complete) {
    }

    private ConversationMatches() {
    }

    /** The conversations (id to subject) that match, by {@code deadline} (epoch ms). */
    static Uni<Decided> of(SqlClient pool, TextBudget budget, String workspaceId, SearchQuery query, Map<String, String> subjects, long deadline) {
        return PromptMatches.of(pool, budget, workspaceId, query).chain(found -> of(pool, budget, workspaceId, query, found.prompts(), subjects,
                deadline).eventually(() -> budget.release(found.reserved())));
    }

    /** The same, with the system prompts that may match already read ({@link PromptMatches}). */
    static Uni<Decided> of(SqlClient pool, TextBudget budget, String workspaceId, SearchQuery query, Map<String, String> prompts,
                           Map<String, String> subjects, long deadline) {
        Map<String, List<ConversationMatch>> matches = new HashMap<>();
        Set<String> remaining = new LinkedHashSet<>();
        subjects.forEach((id, subject) -> {
            SearchMatcher matcher = new SearchMatcher(query).text(SearchField.SUBJECT, subject);
            if (matcher.matched()) {
                List<ConversationMatch> found = new ArrayList<>();
                for (SearchMatch match : matcher.matches()) {
                    found.add(new ConversationMatch("conversation", null, null, match.field(), match.snippet(), match.highlight()));
                }
                matches.put(id, found);
            } else {
                remaining.add(id);
            }
        });
        return items(pool, budget, workspaceId, query, prompts, SearchKind.values(), 0, remaining, null, null, matches, deadline);
    }

    /** The bodies rows a kind's search reads: keyed ones, and for calls those whose system prompt may match. */
    private static String keyedOrPrompted(SearchKind kind, Map<String, String> prompts, List<Object> params) {
        if (kind != SearchKind.CALL || prompts.isEmpty()) {
            return " where b.search_keys @> $2::int4[]";
        }
        params.add(prompts.keySet().toArray(String[]::new));
        return " where (b.search_keys @> $2::int4[] or w.search_prompt = any($" + params.size() + "::text[]))";
    }

    private static Uni<Decided> items(SqlClient pool, TextBudget budget, String workspaceId, SearchQuery query, Map<String, String> prompts,
                                      SearchKind[] kinds, int k, Set<String> remaining, OffsetDateTime at, String atId, Map<String, List<ConversationMatch>> matches,
                                      long deadline) {
        if (remaining.isEmpty() || k >= kinds.length) {
            return Uni.createFrom().item(new Decided(matches, true));
        }
        if (System.currentTimeMillis() > deadline) {
            return Uni.createFrom().item(new Decided(matches, false));
        }
        SearchKind kind = kinds[k];
        String a = kind.alias;
        List<Object> params = new ArrayList<>(List.of(workspaceId, query.keys(), remaining.toArray(String[]::new)));
        StringBuilder inner = new StringBuilder(" where ").append(a).append(".workspace_id = $1 and ").append(a)
                .append(".conversation_id = any($3::text[])");
        if (at != null) {
            params.add(at);
            params.add(atId);
            inner.append(" and (").append(a).append(".started_at, ").append(a).append('.').append(kind.id).append(") < ($4, $5)");
        }
        String sql = kind.select(2, inner.toString(), keyedOrPrompted(kind, prompts, params) + " order by w.started_at desc, w.item_id desc limit "
                + CHUNK);
        return pool.preparedQuery(sql).execute(Tuple.from(params)).chain(result -> {
            List<Row> rows = new ArrayList<>();
            result.forEach(rows::add);
            return SearchFetch.each(pool, budget, kind, workspaceId, query, prompts, rows, (row, matcher) -> {
                String conversation = row.getString("conversation_id");
                if (remaining.contains(conversation) && matcher.matched()) {
                    matches.put(conversation, found(kind, row, matcher));
                    remaining.remove(conversation);
                }
                return false;
            }).chain(taken -> {
                if (rows.size() < CHUNK) {
                    return items(pool, budget, workspaceId, query, prompts, kinds, k + 1, remaining, null, null, matches, deadline);
                }
                Row last = rows.get(rows.size() - 1);
                return items(pool, budget, workspaceId, query, prompts, kinds, k, remaining, last.getOffsetDateTime("started_at"),
                        last.getString("item_id"), matches, deadline);
            });
        });
    }

    private static List<ConversationMatch> found(SearchKind kind, Row row, SearchMatcher matcher) {
        String startedAt = Times.format(row.getOffsetDateTime("started_at"));
        List<ConversationMatch> found = new ArrayList<>();
        for (SearchMatch match : matcher.matches()) {
            found.add(new ConversationMatch(kind.wire, row.getString("item_id"), startedAt, match.field(), match.snippet(), match.highlight()));
        }
        return found;
    }

    /**
     * Every match in one conversation, in timeline order (the subject first), at most {@code cap}; for "find in this
     * conversation". The list ends early ({@code truncated}) at the cap or at {@code deadline}.
     */
    static Uni<Found> within(SqlClient pool, TextBudget budget, String workspaceId, SearchQuery query, String conversationId, String subject,
                             int cap, long deadline) {
        List<ConversationMatch> found = new ArrayList<>();
        for (SearchMatch match : new SearchMatcher(query).text(SearchField.SUBJECT, subject).matches()) {
            found.add(new ConversationMatch("conversation", null, null, match.field(), match.snippet(), match.highlight()));
        }
        List<Object[]> items = new ArrayList<>();
        boolean[] truncated = {false};
        Map<String, String> prompts = new java.util.HashMap<>();
        long[] reserved = {0};
        Uni<Void> chain = PromptMatches.of(pool, budget, workspaceId, query).invoke(matching -> {
            prompts.putAll(matching.prompts());
            reserved[0] = matching.reserved();
        }).replaceWithVoid();
        for (SearchKind kind : SearchKind.values()) {
            String a = kind.alias;
            chain = chain.chain(() -> {
                List<Object> params = new ArrayList<>(List.of(workspaceId, query.keys(), conversationId));
                String sql = kind.select(2, " where " + a + ".workspace_id = $1 and " + a + ".conversation_id = $3",
                        keyedOrPrompted(kind, prompts, params) + " order by w.started_at, w.item_seq limit " + (cap + 1));
                return pool.preparedQuery(sql).execute(Tuple.from(params));
            }).chain(result -> {
                List<Row> rows = new ArrayList<>();
                result.forEach(rows::add);
                // The subject is matched once, above: the items' own texts only.
                return SearchFetch.eachWithoutSubject(pool, budget, kind, workspaceId, query, prompts, rows, (row, matcher) -> {
                    if (System.currentTimeMillis() > deadline || items.size() > cap) {
                        truncated[0] = true;
                        return true;
                    }
                    if (matcher.matched()) {
                        for (ConversationMatch match : found(kind, row, matcher)) {
                            items.add(new Object[] {row.getOffsetDateTime("started_at"), row.getLong("item_seq"), match});
                        }
                    }
                    return false;
                }).replaceWithVoid();
            });
        }
        return chain.eventually(() -> budget.release(reserved[0])).map(done -> {
            items.sort(java.util.Comparator.comparing((Object[] i) -> (OffsetDateTime) i[0]).thenComparing(i -> (Long) i[1]));
            for (Object[] item : items) {
                found.add((ConversationMatch) item[2]);
            }
            boolean over = truncated[0] || found.size() > cap;
            return new Found(over ? List.copyOf(found.subList(0, Math.min(cap, found.size()))) : found, over);
        });
    }

    /** The matches of one conversation, in timeline order, and whether the list stopped early. */
    record Found(List<ConversationMatch> items, boolean truncated) {
    }

    /** The terms as ILIKE patterns, wildcards escaped: a first sieve of subjects in SQL, checked again here. */
    static String[] likePatterns(SearchQuery query) {
        return query.terms().stream().map(ActivityFilter::likePattern).toArray(String[]::new);
    }
}
