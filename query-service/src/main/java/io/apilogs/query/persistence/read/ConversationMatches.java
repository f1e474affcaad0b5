package io.apilogs.query.persistence.read;

import io.apilogs.model.Times;
import io.apilogs.query.search.SearchField;
import io.apilogs.query.search.SearchMatcher;
import io.apilogs.query.search.SearchQuery;
import io.apilogs.query.view.ConversationView.ConversationMatch;
import io.apilogs.query.view.SearchMatch;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
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
    static Uni<Decided> of(Pool pool, String workspaceId, SearchQuery query, Map<String, String> subjects, long deadline) {
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
        return items(pool, workspaceId, query, SearchKind.values(), 0, remaining, null, null, matches, deadline);
    }

    private static Uni<Decided> items(Pool pool, String workspaceId, SearchQuery query, SearchKind[] kinds, int k, Set<String> remaining,
                                      OffsetDateTime at, String atId, Map<String, List<ConversationMatch>> matches, long deadline) {
        if (remaining.isEmpty() || k >= kinds.length) {
            return Uni.createFrom().item(new Decided(matches, true));
        }
        if (System.currentTimeMillis() > deadline) {
            return Uni.createFrom().item(new Decided(matches, false));
        }
        SearchKind kind = kinds[k];
        String a = kind.alias;
        List<Object> params = new ArrayList<>(List.of(workspaceId, query.keys(), remaining.toArray(String[]::new)));
        StringBuilder sql = new StringBuilder(kind.select(2)).append(" where ").append(a).append(".workspace_id = $1 and ").append(a)
                .append(".conversation_id = any($3::text[]) and b.search_keys @> $2::int4[]");
        if (at != null) {
            params.add(at);
            params.add(atId);
            sql.append(" and (").append(a).append(".started_at < $4 or (").append(a).append(".started_at = $4 and ").append(a).append('.')
                    .append(kind.id).append(" < $5))");
        }
        sql.append(" order by ").append(a).append(".started_at desc, ").append(a).append('.').append(kind.id).append(" desc limit ").append(CHUNK);
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(params)).chain(rows -> {
            Row last = null;
            int count = 0;
            for (Row row : rows) {
                count++;
                last = row;
                String conversation = row.getString("conversation_id");
                if (!remaining.contains(conversation)) {
                    continue;
                }
                SearchMatcher matcher = kind.check(row, query);
                if (matcher.matched()) {
                    String startedAt = Times.format(row.getOffsetDateTime("started_at"));
                    List<ConversationMatch> found = new ArrayList<>();
                    for (SearchMatch match : matcher.matches()) {
                        found.add(new ConversationMatch(kind.wire, row.getString("item_id"), startedAt, match.field(), match.snippet(),
                                match.highlight()));
                    }
                    matches.put(conversation, found);
                    remaining.remove(conversation);
                }
            }
            if (count < CHUNK) {
                return items(pool, workspaceId, query, kinds, k + 1, remaining, null, null, matches, deadline);
            }
            return items(pool, workspaceId, query, kinds, k, remaining, last.getOffsetDateTime("started_at"), last.getString("item_id"),
                    matches, deadline);
        });
    }

    /** The terms as ILIKE patterns, wildcards escaped: a first sieve of subjects in SQL, checked again here. */
    static String[] likePatterns(SearchQuery query) {
        return query.terms().stream().map(t -> "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
                .toArray(String[]::new);
    }
}
