package io.apilogs.query.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.mutiny.sqlclient.Row;

/** The TimelineItem shape of API.md. Fields that do not apply to a kind are absent; applicable but unknown ones are null. */
final class TimelineItems {
    /**
     * Every timeline item of one conversation, in one ordered stream: the three item tables share one column list,
     * with nulls where a column does not apply. Parameters: $1 workspace, $2 conversation.
     */
    static final String UNION = """
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

    private TimelineItems() {
    }

    static ObjectNode item(Row row) {
        ObjectNode node = Views.JSON.objectNode();
        String kind = row.getString("kind");
        node.put("seq", row.getLong("seq"));
        node.put("kind", kind);
        node.put("id", row.getString("id"));
        Views.time(node, "startedAt", row, "started_at");
        Views.longOrNull(node, "durationMs", row, "duration_ms");
        switch (kind) {
            case "llm_call" -> llmCallFields(node, row);
            case "tool_execution" -> {
                node.put("toolName", row.getString("tool_name"));
                node.put("toolCallId", row.getString("tool_call_id"));
            }
            default -> {
                node.put("toolCallId", row.getString("tool_call_id"));
                node.put("method", row.getString("method"));
                node.put("url", row.getString("url"));
                node.put("statusCode", row.getInteger("status_code"));
            }
        }
        node.set("error", Views.jsonOrNull(row.getValue("error")));
        return node;
    }

    private static void llmCallFields(ObjectNode node, Row row) {
        node.put("model", row.getString("model"));
        node.set("tokens", tokens(row));
        Views.money(node, "costUsd", row, "cost_usd");
        node.set("cost", cost(row));
        node.put("stopReason", row.getString("stop_reason"));
        // Not in API.md's TimelineItem: added so a timeline can mark where the system prompt changes.
        node.put("systemPromptSha256", row.getString("prompt_sha256"));
        ArrayNode toolCalls = node.putArray("toolCalls");
        Object summary = row.getValue("tool_calls");
        if (summary != null) {
            JsonNode parsed = Views.parse(summary.toString());
            parsed.forEach(toolCalls::add);
        }
    }

    /** Token counts as API.md shows them: total = input + output, nothing added twice. */
    static ObjectNode tokens(Row row) {
        ObjectNode tokens = Views.JSON.objectNode();
        Views.longOrNull(tokens, "input", row, "input_tokens");
        Views.longOrNull(tokens, "output", row, "output_tokens");
        Views.longOrNull(tokens, "cacheRead", row, "cache_read_tokens");
        Views.longOrNull(tokens, "cacheWrite", row, "cache_write_tokens");
        Views.longOrNull(tokens, "reasoning", row, "reasoning_tokens");
        Long input = row.getLong("input_tokens");
        Long output = row.getLong("output_tokens");
        if (input == null && output == null) {
            tokens.putNull("total");
        } else {
            tokens.put("total", (input == null ? 0 : input) + (output == null ? 0 : output));
        }
        return tokens;
    }

    static ObjectNode cost(Row row) {
        ObjectNode cost = Views.JSON.objectNode();
        Views.money(cost, "input", row, "cost_input");
        Views.money(cost, "cacheRead", row, "cost_cache_read");
        Views.money(cost, "cacheWrite", row, "cost_cache_write");
        Views.money(cost, "output", row, "cost_output");
        cost.put("priceSource", row.getString("price_source"));
        return cost;
    }
}
