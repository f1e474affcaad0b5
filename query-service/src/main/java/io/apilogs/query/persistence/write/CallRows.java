package io.apilogs.query.persistence.write;

import io.apilogs.model.cost.CostBreakdown;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.query.persistence.SqlArrays;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.util.List;
import java.util.Map;

/** LLM calls: a narrow hot row for lists and timelines, and a bodies row (messages, response, thinking) beside it. */
public final class CallRows {
    private static final String INSERT_CALLS = """
            insert into llm_calls (workspace_id, call_id, event_id, conversation_id, seq, assistant_id, provider, model,
                started_at, duration_ms, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
                cache_write_1h_tokens, reasoning_tokens, cost_usd, cost_input, cost_cache_read, cost_cache_write,
                cost_output, price_source, stop_reason, tool_calls, error, prompt_sha256, labels, label_values,
                cache_savings_usd, rl_requests_share, rl_tokens_share)
            select u.ws, u.call_id, u.event_id, u.conv, u.seq, u.assistant_id, u.provider, u.model,
                u.started_at, u.duration_ms, u.input, u.output, u.cache_read, u.cache_write,
                u.cache_write_1h, u.reasoning, u.cost::numeric, u.cost_input::numeric, u.cost_cache_read::numeric,
                u.cost_cache_write::numeric, u.cost_output::numeric, u.price_source, u.stop_reason,
                u.tool_calls::jsonb, u.error::jsonb, u.prompt_sha256, u.labels::jsonb,
                array(select jsonb_array_elements_text(u.label_values::jsonb)), u.cache_savings::numeric,
                u.rl_requests::real, u.rl_tokens::real
            from {unnest}""";

    private static final String INSERT_BODIES = """
            insert into llm_call_bodies (workspace_id, call_id, started_at, messages, response_text, thinking, tool_calls, rate_limit,
                attributes, search_keys)
            select u.ws, u.call_id, u.started_at, convert_from(u.messages, 'UTF8'), convert_from(u.response_text, 'UTF8'),
                convert_from(u.thinking, 'UTF8'), convert_from(u.tool_calls, 'UTF8'), convert_from(u.rate_limit, 'UTF8'),
                convert_from(u.attributes, 'UTF8'), u.search_keys::int4[]
            from {unnest}""";

    private CallRows() {
    }

    /** Null without cached tokens (most calls), so their rows carry no value for it. */
    public static java.math.BigDecimal savings(CostBreakdown cost, io.apilogs.model.event.Usage usage) {
        return usage == null || usage.cacheReadOrZero() == 0 && usage.cacheWriteOrZero() == 0 ? null : cost.cacheSavings();
    }

    private static String share(io.apilogs.model.ratelimit.Headroom headroom, boolean requests) {
        Double share = headroom == null ? null : requests ? headroom.requests() : headroom.tokens();
        return share == null ? null : share.toString();
    }

    /** Both statements go out at once: the connection pipelines them. */
    static Uni<Void> insert(SqlConnection conn, BatchPlan plan, Map<Event, Long> seqs) {
        List<LlmCallEvent> calls = plan.calls;
        if (calls.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<LlmCallEvent, CostBreakdown> costs = plan.costs;
        SqlArrays<LlmCallEvent> hot = new SqlArrays<>(calls)
                .text("ws", LlmCallEvent::workspaceId).text("call_id", LlmCallEvent::callId).text("event_id", LlmCallEvent::eventId)
                .text("conv", c -> c.conversation().id()).int8("seq", seqs::get).text("assistant_id", c -> c.assistant().id())
                .text("provider", LlmCallEvent::provider).text("model", LlmCallEvent::model)
                .time("started_at", LlmCallEvent::startedAt).int8("duration_ms", LlmCallEvent::durationMs)
                .int8("input", c -> c.usage().inputTokens()).int8("output", c -> c.usage().outputTokens())
                .int8("cache_read", c -> c.usage().cacheReadTokens()).int8("cache_write", c -> c.usage().cacheWriteTokens())
                .int8("cache_write_1h", c -> c.usage().cacheWrite1hTokens()).int8("reasoning", c -> c.usage().reasoningTokens())
                .decimal("cost", c -> costs.get(c).total()).decimal("cost_input", c -> costs.get(c).input())
                .decimal("cost_cache_read", c -> costs.get(c).cacheRead()).decimal("cost_cache_write", c -> costs.get(c).cacheWrite())
                .decimal("cost_output", c -> costs.get(c).output()).text("price_source", c -> costs.get(c).priceSource())
                .text("stop_reason", LlmCallEvent::stopReason).text("tool_calls", CallRows::toolCallSummary)
                .text("error", c -> Values.json(c.error()))
                .text("prompt_sha256", plan.promptHashes::get)
                .text("labels", c -> Values.json(c.labels())).text("label_values", c -> Values.labelValues(c))
                .decimal("cache_savings", c -> savings(costs.get(c), c.usage()))
                .text("rl_requests", c -> share(plan.headroom.get(c), true)).text("rl_tokens", c -> share(plan.headroom.get(c), false));
        SqlArrays<LlmCallEvent> bodies = new SqlArrays<>(calls)
                .text("ws", LlmCallEvent::workspaceId).text("call_id", LlmCallEvent::callId).time("started_at", LlmCallEvent::startedAt)
                .utf8("messages", c -> Values.jsonUtf8(c.messages())).utf8("response_text", c -> Values.utf8(c.response().text()))
                .utf8("thinking", c -> Values.utf8(c.response().thinking())).utf8("tool_calls", c -> Values.jsonUtf8(c.response().toolCalls()))
                .utf8("rate_limit", c -> Values.jsonUtf8(c.rateLimit())).utf8("attributes", c -> Values.jsonUtf8(c.attributes()))
                .text("search_keys", SearchKeys::call);
        return Uni.join().all(conn.preparedQuery(hot.sql(INSERT_CALLS, "u")).execute(hot.tuple()),
                        conn.preparedQuery(bodies.sql(INSERT_BODIES, "u")).execute(bodies.tuple()))
                .andFailFast().replaceWithVoid();
    }

    /** The hot row keeps only ids and names of tool calls; inputs live with the bodies. */
    static String toolCallSummary(LlmCallEvent call) {
        return ContentMerge.toolCallSummary(call.response());
    }
}
