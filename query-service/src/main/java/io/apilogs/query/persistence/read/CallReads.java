package io.apilogs.query.persistence.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.model.Times;
import io.apilogs.model.ratelimit.RateLimitView;
import io.apilogs.model.ratelimit.RateLimits;
import io.apilogs.model.ratelimit.Window;
import io.apilogs.query.view.AssistantRef;
import io.apilogs.query.view.CallDetail;
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
public class CallReads {
    // call_keys gives the partition key, so the join reads one partition of each table.
    private static final String DETAIL = """
            select k.call_id, k.event_id, k.conversation_id, l.assistant_id, a.name as assistant_name, l.provider,
                   l.model, l.started_at, l.duration_ms, l.input_tokens, l.output_tokens, l.cache_read_tokens,
                   l.cache_write_tokens, l.cache_write_1h_tokens, l.reasoning_tokens, l.cost_usd, l.cost_input,
                   l.cost_cache_read, l.cost_cache_write, l.cost_output, l.price_source, l.stop_reason, l.error,
                   l.prompt_sha256, p.text as prompt_text, b.messages, b.response_text, b.thinking,
                   b.tool_calls as tool_calls_full, b.rate_limit, b.attributes
            from call_keys k
            join llm_calls l on l.workspace_id = k.workspace_id and l.call_id = k.call_id and l.started_at = k.started_at
            left join llm_call_bodies b on b.workspace_id = k.workspace_id and b.call_id = k.call_id and b.started_at = k.started_at
            left join prompts p on p.workspace_id = l.workspace_id and p.sha256 = l.prompt_sha256
            left join assistants a on a.workspace_id = l.workspace_id and a.assistant_id = l.assistant_id
            where k.workspace_id = $1 and k.call_id = $2""";

    private final Pool pool;
    private final ItemReads items;

    public CallReads(Pool pool, ItemReads items) {
        this.pool = pool;
        this.items = items;
    }

    /** Null when no such call exists in the workspace. */
    public Uni<CallDetail> detail(String workspaceId, String callId) {
        return pool.preparedQuery(DETAIL).execute(Tuple.of(workspaceId, callId)).chain(rows -> {
            if (rows.rowCount() == 0) {
                return Uni.createFrom().nullItem();
            }
            CallDetail call = detail(rows.iterator().next());
            List<String> toolCallIds = new ArrayList<>();
            call.response().toolCalls().forEach(t -> toolCallIds.add(t.path("id").asText()));
            return items.linkTo(call, workspaceId, toolCallIds.toArray(String[]::new));
        });
    }

    private static CallDetail detail(Row row) {
        String sha = row.getString("prompt_sha256");
        JsonNode toolCalls = Rows.parse(row.getString("tool_calls_full"));
        return new CallDetail(row.getString("call_id"), row.getString("event_id"), row.getString("conversation_id"),
                new AssistantRef(row.getString("assistant_id"), row.getString("assistant_name")), row.getString("provider"),
                row.getString("model"), Rows.time(row, "started_at"), row.getLong("duration_ms"),
                sha == null ? null : new CallDetail.SystemPrompt(sha, row.getString("prompt_text")),
                Rows.parse(row.getString("messages")),
                new CallDetail.Response(row.getString("response_text"), row.getString("thinking"),
                        toolCalls.isNull() ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode() : toolCalls),
                List.of(), List.of(), row.getString("stop_reason"),
                new CallDetail.Usage(row.getLong("input_tokens"), row.getLong("output_tokens"), row.getLong("cache_read_tokens"),
                        row.getLong("cache_write_tokens"), row.getLong("cache_write_1h_tokens"), row.getLong("reasoning_tokens")),
                Rows.money(row, "cost_usd"), TimelineItems.cost(row), Rows.json(row.getValue("error")), rateLimit(row),
                Rows.json(row.getString("attributes")));
    }

    /** The headers verbatim, plus each window normalized; OpenAI's relative resets count from the call's end. */
    private static CallDetail.RateLimit rateLimit(Row row) {
        String stored = row.getString("rate_limit");
        if (stored == null) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Rows.parse(stored).fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        Instant started = row.getOffsetDateTime("started_at").toInstant();
        Long duration = row.getLong("duration_ms");
        RateLimitView view = RateLimits.normalize(headers, duration == null ? started : started.plusMillis(duration));
        return new CallDetail.RateLimit(new LinkedHashMap<>(view.headers()), window(view.requests()), window(view.tokens()),
                window(view.inputTokens()), window(view.outputTokens()),
                view.retryAfterSeconds() == null ? null : view.retryAfterSeconds().longValue());
    }

    private static CallDetail.Window window(Window window) {
        return window == null ? null : new CallDetail.Window(window.limit(), window.remaining(), Times.format(window.resetAt()));
    }
}
