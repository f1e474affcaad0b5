package io.apilogs.query.persistence.read;

import io.apilogs.query.search.SearchField;
import io.apilogs.query.search.SearchMatcher;
import io.apilogs.query.search.SearchQuery;
import io.vertx.mutiny.sqlclient.Row;

import java.util.List;

/**
 * One kind of item to content search (issue 26): its hot table and alias, its bodies table, its id, the list's columns
 * and filter, the stored texts a search reads, and how each text feeds the {@link SearchMatcher}. A text column is read
 * only where the row's keys contain the query's ({@code keyed}), so a window of non-matching rows costs no TOAST reads.
 */
enum SearchKind {
    CALL("llm_call", "l", "llm_calls", "llm_call_bodies", "call_id", CallListReads.COLUMNS, CallListReads.JOINS,
            List.of("b.messages", "b.response_text", "b.thinking", "b.tool_calls as body_tool_calls", "b.attributes as body_attributes",
                    "l.error::text as search_error", "l.labels::text as search_labels")) {
        @Override
        String where(ActivityFilter filter, List<Object> params) {
            return CallWhere.of(filter, params);
        }

        @Override
        void texts(Row row, SearchMatcher matcher) {
            matcher.json(SearchField.MESSAGES, row.getString("messages"), true)
                    .text(SearchField.RESPONSE, row.getString("response_text"))
                    .text(SearchField.THINKING, row.getString("thinking"))
                    .json(SearchField.TOOL_INPUT, row.getString("body_tool_calls"), true);
            common(row, matcher);
        }
    },
    TOOL("tool_execution", "t", "tool_executions", "tool_execution_bodies", "event_id", ItemListReads.TOOL_COLUMNS,
            ItemListReads.TOOL_JOINS, List.of("b.input", "b.result", "b.attributes as body_attributes", "t.error::text as search_error",
            "t.labels::text as search_labels")) {
        @Override
        String where(ActivityFilter filter, List<Object> params) {
            return ItemWhere.of(ItemWhere.TOOLS, filter, params);
        }

        @Override
        void texts(Row row, SearchMatcher matcher) {
            matcher.json(SearchField.TOOL_INPUT, row.getString("input"), false)
                    .json(SearchField.TOOL_RESULT, row.getString("result"), false);
            common(row, matcher);
        }
    },
    HTTP("http_request", "h", "http_requests", "http_request_bodies", "event_id", ItemListReads.HTTP_COLUMNS, ItemListReads.HTTP_JOINS,
            List.of("b.request_body", "b.response_body", "b.attributes as body_attributes", "h.error::text as search_error",
                    "h.labels::text as search_labels")) {
        @Override
        String where(ActivityFilter filter, List<Object> params) {
            return ItemWhere.of(ItemWhere.HTTP, filter, params);
        }

        @Override
        void texts(Row row, SearchMatcher matcher) {
            matcher.text(SearchField.URL, row.getString("url"))
                    .json(SearchField.BODY, row.getString("request_body"), false)
                    .json(SearchField.BODY, row.getString("response_body"), false);
            common(row, matcher);
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
    private final List<String> texts;

    SearchKind(String wire, String alias, String table, String bodies, String id, String columns, String joins, List<String> texts) {
        this.wire = wire;
        this.alias = alias;
        this.table = table;
        this.bodies = bodies;
        this.id = id;
        this.columns = columns;
        this.joins = joins;
        this.texts = texts;
    }

    /** The list filter on this kind's alias, {@code " and ..."}, its values appended to {@code params}. */
    abstract String where(ActivityFilter filter, List<Object> params);

    /** Feeds the row's texts, other than the subject, to the matcher. */
    abstract void texts(Row row, SearchMatcher matcher);

    /** Whether a row matches: its subject, then its texts when its keys contain the query's ({@code keyed}). */
    SearchMatcher check(Row row, SearchQuery query) {
        SearchMatcher matcher = new SearchMatcher(query).text(SearchField.SUBJECT, row.getString("subject"));
        if (Boolean.TRUE.equals(row.getBoolean("keyed"))) {
            texts(row, matcher);
        }
        return matcher;
    }

    /**
     * {@code select} the list's columns, the item id and the text columns, each read only when the row is
     * {@code keyed}, its keys parameter numbered {@code keysParam}, from the list's joins and the bodies row.
     */
    String select(int keysParam) {
        String keyed = "b.search_keys @> $" + keysParam + "::int4[]";
        StringBuilder sql = new StringBuilder("select ").append(columns).append(", ").append(alias).append('.').append(id)
                .append(" as item_id, ").append(keyed).append(" as keyed");
        for (String text : texts) {
            int as = text.indexOf(" as ");
            String expression = as < 0 ? text : text.substring(0, as);
            String name = as < 0 ? text.substring(text.indexOf('.') + 1) : text.substring(as + 4);
            sql.append(", case when ").append(keyed).append(" then ").append(expression).append(" end as ").append(name);
        }
        return sql.append(joins).append(" join ").append(bodies).append(" b on b.workspace_id = ").append(alias)
                .append(".workspace_id and b.").append(id).append(" = ").append(alias).append('.').append(id)
                .append(" and b.started_at = ").append(alias).append(".started_at").toString();
    }

    private static void common(Row row, SearchMatcher matcher) {
        matcher.json(SearchField.ERROR, row.getString("search_error"), false)
                .json(SearchField.ATTRIBUTES, row.getString("body_attributes"), false)
                .json(SearchField.METADATA, row.getString("search_labels"), false);
    }
}
