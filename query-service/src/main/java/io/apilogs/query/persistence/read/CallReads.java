package io.apilogs.query.persistence.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.apilogs.model.Json;
import io.apilogs.model.Times;
import io.apilogs.model.ratelimit.RateLimitView;
import io.apilogs.model.ratelimit.RateLimits;
import io.apilogs.model.ratelimit.Window;
import io.apilogs.query.service.DetailBudget;
import io.apilogs.query.view.AssistantRef;
import io.apilogs.query.view.CallDetail;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
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
                   b.tool_calls as tool_calls_full, b.rate_limit, b.attributes, l.labels::text as labels
            from call_keys k
            join llm_calls l on l.workspace_id = k.workspace_id and l.call_id = k.call_id and l.started_at = k.started_at
            left join llm_call_bodies b on b.workspace_id = k.workspace_id and b.call_id = k.call_id and b.started_at = k.started_at
            left join prompts p on p.workspace_id = l.workspace_id and p.sha256 = l.prompt_sha256
            left join assistants a on a.workspace_id = l.workspace_id and a.assistant_id = l.assistant_id
            where k.workspace_id = $1 and k.call_id = $2""";

    // What the detail is about to load, from the stored sizes (octet_length does not decompress a value).
    private static final String BYTES = """
            select coalesce(octet_length(b.messages), 0) + coalesce(octet_length(b.response_text), 0)
                     + coalesce(octet_length(b.thinking), 0) + coalesce(octet_length(b.tool_calls), 0)
                     + coalesce(octet_length(b.rate_limit), 0) + coalesce(octet_length(b.attributes), 0)
                     + coalesce(octet_length(p.text), 0) + coalesce(octet_length(l.error::text), 0) as call_bytes,
                   """ + ItemReads.LINKED_BYTES + """
             as linked_bytes
            from call_keys k
            join llm_calls l on l.workspace_id = k.workspace_id and l.call_id = k.call_id and l.started_at = k.started_at
            left join llm_call_bodies b on b.workspace_id = k.workspace_id and b.call_id = k.call_id and b.started_at = k.started_at
            left join prompts p on p.workspace_id = l.workspace_id and p.sha256 = l.prompt_sha256
            cross join lateral (select array(select e ->> 'id' from jsonb_array_elements(
                case when jsonb_typeof(l.tool_calls) = 'array' then l.tool_calls else '[]'::jsonb end) e) as ids) x
            where k.workspace_id = $1 and k.call_id = $2""";

    private final Pool pool;
    private final ItemReads items;

    public CallReads(Pool pool, ItemReads items) {
        this.pool = pool;
        this.items = items;
    }

    /**
     * Null when no such call exists in the workspace. The bytes it loads are reserved on the claim first; when the call
     * and its linked items together could never fit, the items are listed without their contents.
     */
    public Uni<CallDetail> detail(String workspaceId, String callId, DetailBudget.Claim claim) {
        return pool.preparedQuery(BYTES).execute(Tuple.of(workspaceId, callId)).chain(sizes -> {
            if (sizes.rowCount() == 0) {
                return Uni.createFrom().nullItem();
            }
            Row size = sizes.iterator().next();
            long callBytes = size.getLong("call_bytes");
            long all = callBytes + size.getLong("linked_bytes");
            boolean withContents = claim.fits(all);
            claim.take(withContents ? all : callBytes);
            return pool.preparedQuery(DETAIL).execute(Tuple.of(workspaceId, callId)).chain(rows -> {
                if (rows.rowCount() == 0) {
                    return Uni.createFrom().nullItem();
                }
                Row row = rows.iterator().next();
                CallDetail call = detail(row);
                return items.linkTo(call, workspaceId, toolCallIds(row.getString("tool_calls_full")), withContents);
            });
        });
    }

    /** The ids of the call's tool calls, read without building a tree of their inputs. */
    static String[] toolCallIds(String toolCalls) {
        List<String> ids = new ArrayList<>();
        if (toolCalls == null) {
            return new String[0];
        }
        try (JsonParser parser = Json.CANONICAL.getFactory().createParser(toolCalls)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return new String[0];
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("id".equals(field) && value == JsonToken.VALUE_STRING) {
                        ids.add(parser.getText());
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids.toArray(String[]::new);
    }

    private static CallDetail detail(Row row) {
        String sha = row.getString("prompt_sha256");
        String toolCalls = row.getString("tool_calls_full");
        return new CallDetail(row.getString("call_id"), row.getString("event_id"), row.getString("conversation_id"),
                new AssistantRef(row.getString("assistant_id"), row.getString("assistant_name")), row.getString("provider"),
                row.getString("model"), Rows.time(row, "started_at"), row.getLong("duration_ms"),
                sha == null ? null : new CallDetail.SystemPrompt(sha, row.getString("prompt_text")),
                Rows.raw(row.getString("messages")),
                new CallDetail.Response(row.getString("response_text"), row.getString("thinking"),
                        toolCalls == null || toolCalls.equals("null") ? JsonNodeFactory.instance.arrayNode() : Rows.raw(toolCalls)),
                List.of(), List.of(), row.getString("stop_reason"),
                new CallDetail.Usage(row.getLong("input_tokens"), row.getLong("output_tokens"), row.getLong("cache_read_tokens"),
                        row.getLong("cache_write_tokens"), row.getLong("cache_write_1h_tokens"), row.getLong("reasoning_tokens")),
                Rows.money(row, "cost_usd"), TimelineItems.cost(row), Rows.json(row.getValue("error")), rateLimit(row),
                Rows.raw(row.getString("attributes")), Rows.raw(row.getString("labels")));
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
