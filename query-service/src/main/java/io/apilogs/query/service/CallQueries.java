package io.apilogs.query.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.model.Times;
import io.apilogs.model.ratelimit.RateLimitView;
import io.apilogs.model.ratelimit.RateLimits;
import io.apilogs.model.ratelimit.Window;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private final ItemQueries items;

    public CallQueries(Pool pool, ItemQueries items) {
        this.pool = pool;
        this.items = items;
    }

    /** Null when no such call exists in the workspace. */
    public Uni<ObjectNode> detail(String workspaceId, String callId) {
        return pool.preparedQuery(DETAIL).execute(Tuple.of(workspaceId, callId)).chain(rows -> {
            if (rows.rowCount() == 0) {
                return Uni.createFrom().nullItem();
            }
            ObjectNode call = detail(rows.iterator().next());
            List<String> toolCallIds = new ArrayList<>();
            call.path("response").path("toolCalls").forEach(t -> toolCallIds.add(t.path("id").asText()));
            return items.linkTo(call, workspaceId, toolCallIds.toArray(String[]::new));
        });
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
        node.set("error", Views.jsonOrNull(row.getValue("error")));
        node.set("rateLimit", rateLimit(row));
        return node;
    }

    /** The headers verbatim, plus each window normalized; OpenAI's relative resets count from the call's end. */
    private static JsonNode rateLimit(Row row) {
        String stored = row.getString("rate_limit");
        if (stored == null) {
            return Views.JSON.nullNode();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Views.parse(stored).fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        Instant started = row.getOffsetDateTime("started_at").toInstant();
        Long duration = row.getLong("duration_ms");
        RateLimitView view = RateLimits.normalize(headers, duration == null ? started : started.plusMillis(duration));
        ObjectNode node = Views.JSON.objectNode();
        ObjectNode verbatim = node.putObject("headers");
        view.headers().forEach(verbatim::put);
        node.set("requests", window(view.requests()));
        node.set("tokens", window(view.tokens()));
        node.set("inputTokens", window(view.inputTokens()));
        node.set("outputTokens", window(view.outputTokens()));
        if (view.retryAfterSeconds() == null) {
            node.putNull("retryAfterSeconds");
        } else {
            node.put("retryAfterSeconds", view.retryAfterSeconds());
        }
        return node;
    }

    private static JsonNode window(Window window) {
        if (window == null) {
            return Views.JSON.nullNode();
        }
        ObjectNode node = Views.JSON.objectNode();
        node.put("limit", window.limit());
        node.put("remaining", window.remaining());
        node.put("resetAt", Times.format(window.resetAt()));
        return node;
    }
}
