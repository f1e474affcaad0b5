package io.apilogs.query.persistence.read;

import io.apilogs.model.search.SearchGrams;
import io.apilogs.query.search.SearchField;
import io.apilogs.query.search.SearchQuery;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The system prompts a content search may match (issue 26): those of the workspace holding at least one of its terms
 * (a call matches when each term is in one of its parts, so a prompt with one term can make a call match). Prompts
 * are stored once by SHA-256 with their own keys (V20), so this is one small index read per search; the calls that
 * used them are then found by {@code prompt_sha256}. At most {@link #MAX_PROMPTS} prompts of at most
 * {@link #MAX_PROMPT_BYTES} each are read (1.3 MB at most per search, reserved from the {@link TextBudget} first): a
 * longer prompt is not searched.
 */
final class PromptMatches {
    static final int MAX_PROMPTS = 20;
    static final int MAX_PROMPT_BYTES = 64 * 1024;

    private PromptMatches() {
    }

    /** The matching prompts (SHA-256 to text) and the bytes reserved for them, to release once the search is done. */
    record Found(Map<String, String> prompts, long reserved) {
        static final Found NONE = new Found(Map.of(), 0);
    }

    /**
     * The prompts that may match; none when the search does not look in system prompts. Their stored size is reserved
     * from the budget before their texts are read.
     */
    static Uni<Found> of(SqlClient pool, TextBudget budget, String workspaceId, SearchQuery query) {
        if (!query.in(SearchField.SYSTEM)) {
            return Uni.createFrom().item(Found.NONE);
        }
        List<Object> params = new ArrayList<>(List.of(workspaceId));
        StringBuilder any = new StringBuilder();
        for (String term : query.terms()) {
            params.add(SearchGrams.of(term));
            any.append(any.isEmpty() ? "" : " or ").append("search_keys @> $").append(params.size()).append("::int4[]");
        }
        String sql = "select sha256, octet_length(text) as bytes from prompts where workspace_id = $1 and (" + any
                + ") and octet_length(text) <= " + MAX_PROMPT_BYTES + " limit " + MAX_PROMPTS;
        return pool.preparedQuery(sql).execute(Tuple.from(params)).chain(sizes -> {
            List<String> shas = new ArrayList<>();
            long bytes = 0;
            for (Row row : sizes) {
                shas.add(row.getString("sha256"));
                bytes += row.getLong("bytes");
            }
            if (shas.isEmpty()) {
                return Uni.createFrom().item(Found.NONE);
            }
            long reserved = budget.reserve(bytes);
            return pool.preparedQuery("select sha256, text from prompts where workspace_id = $1 and sha256 = any($2::text[])")
                    .execute(Tuple.of(workspaceId, shas.toArray(String[]::new))).map(rows -> {
                        Map<String, String> prompts = new LinkedHashMap<>();
                        for (Row row : rows) {
                            String folded = SearchQuery.fold(row.getString("text"));
                            if (query.folded().stream().anyMatch(folded::contains)) {
                                prompts.put(row.getString("sha256"), row.getString("text"));
                            }
                        }
                        return new Found(prompts, reserved);
                    }).onFailure().invoke(() -> budget.release(reserved));
        });
    }
}
