package io.apilogs.query.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** The full detail of one LLM call. */
@ApplicationScoped
public class CallQueries {
    // call_keys gives the partition key, so the join reads one partition of each table.
    private static final String DETAIL = """
            select k.call_id, k.event_id, k.conversation_id, l.assistant_id, a.name as assistant_name, l.provider,
                   l.model, l.started_at, l.duration_ms, l.input_tokens, l.output_tokens, l.cache_read_tokens,
                   l.cache_write_tokens, l.cache_write_1h_tokens, l.reasoning_tokens, l.cost_usd, l.cost_input,
                   l.cost_cache_read, l.cost_cache_write, l.cost_output, l.price_source, l.stop_reason, l.error,
                   l.prompt_sha256, p.text as prompt_text, b.messages, b.response_text, b.thinking,
                   b.tool_calls as tool_calls_full, b.rate_limit
            from call_keys k
            join llm_calls l on l.workspace_id = k.workspace_id and l.call_id = k.call_id and l.started_at = k.started_at
            left join llm_call_bodies b on b.workspace_id = k.workspace_id and b.call_id = k.call_id and b.started_at = k.started_at
            left join prompts p on p.workspace_id = l.workspace_id and p.sha256 = l.prompt_sha256
            left join assistants a on a.workspace_id = l.workspace_id and a.assistant_id = l.assistant_id
            where k.workspace_id = $1 and k.call_id = $2""";

    private final Pool pool;

    public CallQueries(Pool pool) {
        this.pool = pool;
    }

    /** Null when no such call exists in the workspace. */
    public Uni<ObjectNode> detail(String workspaceId, String callId) {
        return pool.preparedQuery(DETAIL).execute(Tuple.of(workspaceId, callId))
                .map(rows -> rows.rowCount() == 0 ? null : detail(rows.iterator().next()));
    }

    private static ObjectNode detail(Row row) {
        ObjectNode node = Views.JSON.objectNode();
        node.put("callId", row.getString("call_id"));
        node.put("eventId", row.getString("event_id"));
        node.put("conversationId", row.getString("conversation_id"));
        ObjectNode assistant = node.putObject("assistant");
        assistant.put("id", row.getString("assistant_id"));
        assistant.put("name", row.getString("assistant_name"));
        node.put("provider", row.getString("provider"));
        node.put("model", row.getString("model"));
        Views.time(node, "startedAt", row, "started_at");
        Views.longOrNull(node, "durationMs", row, "duration_ms");
        String sha = row.getString("prompt_sha256");
        if (sha == null) {
            node.putNull("systemPrompt");
        } else {
            ObjectNode prompt = node.putObject("systemPrompt");
            prompt.put("sha256", sha);
            prompt.put("text", row.getString("prompt_text"));
        }
        node.set("messages", Views.parse(row.getString("messages")));
        ObjectNode response = node.putObject("response");
        response.put("text", row.getString("response_text"));
        response.put("thinking", row.getString("thinking"));
        JsonNode toolCalls = Views.parse(row.getString("tool_calls_full"));
        response.set("toolCalls", toolCalls.isNull() ? Views.JSON.arrayNode() : toolCalls);
        node.putArray("toolExecutions");
        node.putArray("httpRequests");
        node.put("stopReason", row.getString("stop_reason"));
        ObjectNode usage = node.putObject("usage");
        Views.longOrNull(usage, "inputTokens", row, "input_tokens");
        Views.longOrNull(usage, "outputTokens", row, "output_tokens");
        Views.longOrNull(usage, "cacheReadTokens", row, "cache_read_tokens");
        Views.longOrNull(usage, "cacheWriteTokens", row, "cache_write_tokens");
        Views.longOrNull(usage, "cacheWrite1hTokens", row, "cache_write_1h_tokens");
        Views.longOrNull(usage, "reasoningTokens", row, "reasoning_tokens");
        Views.money(node, "costUsd", row, "cost_usd");
        node.set("cost", TimelineItems.cost(row));
        Object error = row.getValue("error");
        node.set("error", error == null ? Views.JSON.nullNode() : Views.parse(error.toString()));
        String rateLimit = row.getString("rate_limit");
        if (rateLimit == null) {
            node.putNull("rateLimit");
        } else {
            ObjectNode limits = node.putObject("rateLimit");
            limits.set("headers", Views.parse(rateLimit));
        }
        return node;
    }
}
