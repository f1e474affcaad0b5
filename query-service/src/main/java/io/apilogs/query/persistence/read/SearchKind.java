package io.apilogs.query.persistence.read;

import io.apilogs.query.search.SearchField;
import io.apilogs.query.search.SearchMatcher;
import io.vertx.mutiny.sqlclient.Row;

import java.util.List;

/**
 * One kind of item to content search (issue 26): its hot table and alias, its bodies table, its id, the list's columns
 * and filter, the stored texts a search reads, and how each text feeds the {@link SearchMatcher}. The bodies' texts are
 * read apart, only for rows whose keys contain the query's ({@code keyed}), a bounded number of bytes at a time
 * ({@link SearchFetch}).
 */
enum SearchKind {
    CALL("llm_call", "l", "llm_calls", "llm_call_bodies", "call_id", CallListReads.COLUMNS, CallListReads.JOINS,
            "l.error::text as search_error, l.labels::text as search_labels, l.prompt_sha256 as search_prompt",
            List.of("messages", "response_text", "thinking", "tool_calls", "attributes")) {
        @Override
        String where(ActivityFilter filter, List<Object> params) {
            return CallWhere.of(filter, params);
        }

        @Override
        void bodyTexts(Row body, SearchMatcher matcher) {
            matcher.json(SearchField.MESSAGES, body.getString("messages"), true)
                    .text(SearchField.RESPONSE, body.getString("response_text"))
                    .text(SearchField.THINKING, body.getString("thinking"))
                    .json(SearchField.TOOL_INPUT, body.getString("tool_calls"), true)
                    .json(SearchField.ATTRIBUTES, body.getString("attributes"), false);
        }
    },
    TOOL("tool_execution", "t", "tool_executions", "tool_execution_bodies", "event_id", ItemListReads.TOOL_COLUMNS,
            ItemListReads.TOOL_JOINS, "t.error::text as search_error, t.labels::text as search_labels", List.of("input", "result", "attributes")) {
        @Override
        String where(ActivityFilter filter, List<Object> params) {
            return ItemWhere.of(ItemWhere.TOOLS, filter, params);
        }

        @Override
        void bodyTexts(Row body, SearchMatcher matcher) {
            matcher.json(SearchField.TOOL_INPUT, body.getString("input"), false)
                    .json(SearchField.TOOL_RESULT, body.getString("result"), false)
                    .json(SearchField.ATTRIBUTES, body.getString("attributes"), false);
        }
    },
    HTTP("http_request", "h", "http_requests", "http_request_bodies", "event_id", ItemListReads.HTTP_COLUMNS, ItemListReads.HTTP_JOINS,
            "h.error::text as search_error, h.labels::text as search_labels", List.of("request_body", "response_body", "attributes")) {
        @Override
        String where(ActivityFilter filter, List<Object> params) {
            return ItemWhere.of(ItemWhere.HTTP, filter, params);
        }

        @Override
        void hotTexts(Row row, SearchMatcher matcher) {
            matcher.text(SearchField.URL, row.getString("url"));
            super.hotTexts(row, matcher);
        }

        @Override
        void bodyTexts(Row body, SearchMatcher matcher) {
            matcher.json(SearchField.BODY, body.getString("request_body"), false)
                    .json(SearchField.BODY, body.getString("response_body"), false)
                    .json(SearchField.ATTRIBUTES, body.getString("attributes"), false);
        }
    };

    /** The kind as the timeline and matches name it. */
    final String wire;
    final String alias;
    final String table;
    final String bodies;
    final String id;
    private final String columns;
    private final String joins;
    private final String hotTexts;
    /** The text columns of the bodies row, read apart and by bytes ({@link SearchFetch}). */
    final List<String> bodyColumns;

    SearchKind(String wire, String alias, String table, String bodies, String id, String columns, String joins, String hotTexts,
               List<String> bodyColumns) {
        this.wire = wire;
        this.alias = alias;
        this.table = table;
        this.bodies = bodies;
        this.id = id;
        this.columns = columns;
        this.joins = joins;
        this.hotTexts = hotTexts;
        this.bodyColumns = bodyColumns;
    }

    /** The list filter on this kind's alias, {@code " and ..."}, its values appended to {@code params}. */
    abstract String where(ActivityFilter filter, List<Object> params);

    /** Feeds the texts of the bodies row ({@link #bodyColumns}) to the matcher. */
    abstract void bodyTexts(Row body, SearchMatcher matcher);

    /** Feeds the texts of the list's row, other than the subject (error, labels; a request's URL), to the matcher. */
    void hotTexts(Row row, SearchMatcher matcher) {
        matcher.json(SearchField.ERROR, row.getString("search_error"), false)
                .json(SearchField.METADATA, row.getString("search_labels"), false);
    }

    /**
     * The list's read ({@code inner}: after the list's joins, its where, order and limit, and any join of its own), then
     * each row's bodies row ({@code outer}: a where on {@code b}, the order and limit, on the rows {@code w}), adding
     * whether its keys contain the query's ({@code keyed}, the keys parameter numbered {@code keysParam}) and the stored
     * size of its body texts ({@code text_bytes}, read without decompressing them). The list is read first,
     * in its own index order and limit, and the bodies row of each of its rows after: a plan that joined first would
     * read every bodies row of the range. {@code $1} is the workspace.
     */
    String select(int keysParam, String inner, String outer) {
        String keyed = "b.search_keys @> $" + keysParam + "::int4[]";
        StringBuilder bytes = new StringBuilder("0");
        for (String column : bodyColumns) {
            bytes.append(" + coalesce(octet_length(b.").append(column).append("), 0)");
        }
        return "select w.*, " + keyed + " as keyed, " + bytes + " as text_bytes from (select "
                + columns + (columns.contains(" as item_id") ? "" : ", " + alias + '.' + id + " as item_id") + ", " + alias + ".seq as item_seq, "
                + hotTexts + joins + inner + ") w join "
                + bodies + " b on b.workspace_id = $1 and b." + id + " = w.item_id and b.started_at = w.started_at" + outer;
    }
}
