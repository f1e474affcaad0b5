package io.apilogs.query.persistence.read;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/** What a live explorer with a content search (issue 26) is sent: the new items of a batch that match it. */
final class LiveSearch {
    private LiveSearch() {
    }

    /**
     * The items of the filter that have a seq within the given range of each conversation, oldest first, that match its
     * content search, with their matches: what a live explorer with {@code q} is sent.
     */
    static Uni<List<ItemSearch.Hit>> added(Pool pool, TextBudget budget, SearchKind kind, String workspaceId, ActivityFilter filter,
                                List<String> conversations, List<Long> firstSeqs, List<Long> lastSeqs) {
        String a = kind.alias;
        List<Object> params = new ArrayList<>(List.of(workspaceId, filter.search().keys(), conversations.toArray(String[]::new),
                firstSeqs.toArray(Long[]::new), lastSeqs.toArray(Long[]::new)));
        String sql = kind.select(2, " join unnest($3::text[], $4::int8[], $5::int8[]) as n(conv, first, last) on " + a
                + ".conversation_id = n.conv and " + a + ".seq between n.first and n.last where " + a + ".workspace_id = $1"
                + kind.where(filter, params), " order by w.started_at, w.item_id");
        List<ItemSearch.Hit> hits = new ArrayList<>();
        Uni<PromptMatches.Found> matching = kind == SearchKind.CALL ? PromptMatches.of(pool, budget, workspaceId, filter.search())
                : Uni.createFrom().item(PromptMatches.Found.NONE);
        return matching.chain(found -> pool.preparedQuery(sql).execute(Tuple.from(params)).chain(rows -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            return SearchFetch.each(pool, budget, kind, workspaceId, filter.search(), found.prompts(), list, (row, matcher) -> {
                if (matcher.matched()) {
                    hits.add(new ItemSearch.Hit(row, matcher.matches()));
                }
                return false;
            });
        }).eventually(() -> budget.release(found.reserved()))).replaceWith(hits);
    }

}
