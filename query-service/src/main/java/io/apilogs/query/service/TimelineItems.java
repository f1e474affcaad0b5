package io.apilogs.query.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.mutiny.sqlclient.Row;

/** The TimelineItem shape of API.md. Fields that do not apply to a kind are absent; applicable but unknown ones are null. */
final class TimelineItems {
    static final String CALL_COLUMNS = """
            call_id, seq, started_at, duration_ms, model, input_tokens, output_tokens, cache_read_tokens,
            cache_write_tokens, reasoning_tokens, cost_usd, cost_input, cost_cache_read, cost_cache_write, cost_output,
            price_source, stop_reason, tool_calls, error""";

    private TimelineItems() {
    }

    static ObjectNode llmCall(Row row) {
        ObjectNode node = Views.JSON.objectNode();
        node.put("seq", row.getLong("seq"));
        node.put("kind", "llm_call");
        node.put("id", row.getString("call_id"));
        Views.time(node, "startedAt", row, "started_at");
        Views.longOrNull(node, "durationMs", row, "duration_ms");
        node.put("model", row.getString("model"));
        node.set("tokens", tokens(row));
        Views.money(node, "costUsd", row, "cost_usd");
        node.set("cost", cost(row));
        node.put("stopReason", row.getString("stop_reason"));
        ArrayNode toolCalls = node.putArray("toolCalls");
        Object summary = row.getValue("tool_calls");
        if (summary != null) {
            JsonNode parsed = Views.parse(summary.toString());
            parsed.forEach(toolCalls::add);
        }
        Object error = row.getValue("error");
        node.set("error", error == null ? Views.JSON.nullNode() : Views.parse(error.toString()));
        return node;
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
