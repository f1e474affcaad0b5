package io.apilogs.query.persistence.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.query.view.Cost;
import io.apilogs.query.view.TimelineItem;
import io.apilogs.query.view.Tokens;
import io.vertx.mutiny.sqlclient.Row;

import java.util.ArrayList;
import java.util.List;

/** The TimelineItem shape of API.md, read from the three item tables as one ordered stream. */
final class TimelineItems {
    /** The three item tables as one column list, with nulls where a column does not apply. */
    private static final String UNION_TEMPLATE = """
            select 'llm_call' as kind, call_id as id, seq, started_at, duration_ms, model, input_tokens, output_tokens,
                   cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, cost_input, cost_cache_read,
                   cost_cache_write, cost_output, price_source, stop_reason, tool_calls, error,
                   null::text as tool_name, null::text as tool_call_id, null::text as method, null::text as url,
                   null::integer as status_code, prompt_sha256
            from llm_calls where workspace_id = $1 and conversation_id = $2
            union all
            select 'tool_execution', event_id, seq, started_at, duration_ms, null, null, null, null, null, null, null,
                   null, null, null, null, null, null, null, error, tool_name, tool_call_id, null, null, null, null
            from tool_executions where workspace_id = $1 and conversation_id = $2
            union all
            select 'http_request', event_id, seq, started_at, duration_ms, null, null, null, null, null, null, null,
                   null, null, null, null, null, null, null, error, null, tool_call_id, method, url, status_code, null
            from http_requests where workspace_id = $1 and conversation_id = $2""";
    /** Every timeline item of one conversation. Parameters: $1 workspace, $2 conversation. */
    static final String UNION = UNION_TEMPLATE;

    /**
     * The same within the conversation's span: $3 and $4 are its first and last instants, by which PostgreSQL prunes
     * the monthly partitions (a conversation of one day reads one month of each table, not every month kept).
     */
    static final String UNION_WITHIN = UNION_TEMPLATE.replace("conversation_id = $2", "conversation_id = $2 and started_at between $3 and $4");


    /**
     * An item's size in its JSON answer, estimated from its variable parts (an error message or a URL can be up to the
     * text limits; the rest is small and bounded).
     */
    static final String BYTES = "(400 + coalesce(octet_length(error::text), 0) + coalesce(octet_length(url), 0)"
            + " + coalesce(octet_length(tool_calls::text), 0))";

    /**
     * {@code page} (a query over {@link #UNION} with its order and limit) cut after the item that reaches
     * {@code budgetParam} bytes (the first item always stays), with {@code fetched}, the rows {@code page} gave, on each
     * row: fewer rows than that means the page was cut and more items follow. {@code order} is the page's order.
     */
    static String cutByBytes(String page, String order, String budgetParam) {
        return "select * from (select *, sum(item_bytes) over (order by " + order + " rows unbounded preceding) as upto,"
                + " count(*) over () as fetched from (select *, " + BYTES + " as item_bytes from (" + page + ") limited) sized) cut"
                + " where upto - item_bytes < " + budgetParam + " order by " + order;
    }

    private TimelineItems() {
    }

    static TimelineItem item(Row row) {
        String kind = row.getString("kind");
        long seq = row.getLong("seq");
        String id = row.getString("id");
        String startedAt = Rows.time(row, "started_at");
        Long durationMs = row.getLong("duration_ms");
        JsonNode error = Rows.json(row.getValue("error"));
        return switch (kind) {
            case "llm_call" -> new TimelineItem.LlmCall(seq, kind, id, startedAt, durationMs, row.getString("model"), tokens(row),
                    Rows.money(row, "cost_usd"), cost(row), row.getString("stop_reason"), row.getString("prompt_sha256"),
                    toolCalls(row.getValue("tool_calls")), error);
            case "tool_execution" -> new TimelineItem.ToolExecution(seq, kind, id, startedAt, durationMs, row.getString("tool_name"),
                    row.getString("tool_call_id"), error);
            default -> new TimelineItem.HttpRequest(seq, kind, id, startedAt, durationMs, row.getString("tool_call_id"),
                    row.getString("method"), row.getString("url"), row.getInteger("status_code"), error);
        };
    }

    /** The hot row keeps each tool call's id and name (inputs live with the bodies). */
    private static List<TimelineItem.ToolCallRef> toolCalls(Object summary) {
        List<TimelineItem.ToolCallRef> calls = new ArrayList<>();
        if (summary != null) {
            for (JsonNode call : Rows.parse(summary.toString())) {
                calls.add(new TimelineItem.ToolCallRef(call.path("id").asText(null), call.path("name").asText(null)));
            }
        }
        return calls;
    }

    /** Token counts as API.md shows them: total = input + output, nothing added twice. */
    static Tokens tokens(Row row) {
        return Tokens.of(row.getLong("input_tokens"), row.getLong("output_tokens"), row.getLong("cache_read_tokens"),
                row.getLong("cache_write_tokens"), row.getLong("reasoning_tokens"));
    }

    static Cost cost(Row row) {
        return new Cost(Rows.money(row, "cost_input"), Rows.money(row, "cost_cache_read"), Rows.money(row, "cost_cache_write"),
                Rows.money(row, "cost_output"), row.getString("price_source"));
    }
}
