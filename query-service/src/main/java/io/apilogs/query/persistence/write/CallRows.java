package io.apilogs.query.persistence.write;

import io.apilogs.model.cost.CostBreakdown;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.query.persistence.SqlArrays;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.List;
import java.util.Map;

/** LLM calls: a narrow hot row for lists and timelines, and a bodies row (messages, response, thinking) beside it. */
final class CallRows {
    private static final String INSERT_CALLS = """
            insert into llm_calls (workspace_id, call_id, event_id, conversation_id, seq, assistant_id, provider, model,
                started_at, duration_ms, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
                cache_write_1h_tokens, reasoning_tokens, cost_usd, cost_input, cost_cache_read, cost_cache_write,
                cost_output, price_source, stop_reason, tool_calls, error, prompt_sha256, labels, label_values)
            select u.ws, u.call_id, u.event_id, u.conv, u.seq, u.assistant_id, u.provider, u.model,
                u.started_at, u.duration_ms, u.input, u.output, u.cache_read, u.cache_write,
                u.cache_write_1h, u.reasoning, u.cost::numeric, u.cost_input::numeric, u.cost_cache_read::numeric,
                u.cost_cache_write::numeric, u.cost_output::numeric, u.price_source, u.stop_reason,
                u.tool_calls::jsonb, u.error::jsonb, u.prompt_sha256, u.labels::jsonb,
                array(select jsonb_array_elements_text(u.label_values::jsonb))
            from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::text[], $7::text[], $8::text[],
                        $9::timestamptz[], $10::int8[], $11::int8[], $12::int8[], $13::int8[], $14::int8[], $15::int8[],
                        $16::int8[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[],
                        $23::text[], $24::text[], $25::text[], $26::text[], $27::text[], $28::text[])
                 as u(ws, call_id, event_id, conv, seq, assistant_id, provider, model, started_at, duration_ms,
                      input, output, cache_read, cache_write, cache_write_1h, reasoning, cost, cost_input,
                      cost_cache_read, cost_cache_write, cost_output, price_source, stop_reason, tool_calls, error,
                      prompt_sha256, labels, label_values)""";

    private static final String INSERT_BODIES = """
            insert into llm_call_bodies (workspace_id, call_id, started_at, messages, response_text, thinking, tool_calls, rate_limit,
                attributes)
            select u.ws, u.call_id, u.started_at, convert_from(u.messages, 'UTF8'), convert_from(u.response_text, 'UTF8'),
                convert_from(u.thinking, 'UTF8'), convert_from(u.tool_calls, 'UTF8'), convert_from(u.rate_limit, 'UTF8'),
                convert_from(u.attributes, 'UTF8')
            from unnest($1::text[], $2::text[], $3::timestamptz[], $4::bytea[], $5::bytea[], $6::bytea[], $7::bytea[], $8::bytea[],
                        $9::bytea[])
                 as u(ws, call_id, started_at, messages, response_text, thinking, tool_calls, rate_limit, attributes)""";

    private CallRows() {
    }

    /** Both statements go out at once: the connection pipelines them. */
    static Uni<Void> insert(SqlConnection conn, BatchPlan plan, Map<Event, Long> seqs) {
        List<LlmCallEvent> calls = plan.calls;
        if (calls.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<LlmCallEvent, CostBreakdown> costs = plan.costs;
        Tuple hot = new SqlArrays<>(calls)
                .text(LlmCallEvent::workspaceId).text(LlmCallEvent::callId).text(LlmCallEvent::eventId)
                .text(c -> c.conversation().id()).int8(seqs::get).text(c -> c.assistant().id())
                .text(LlmCallEvent::provider).text(LlmCallEvent::model)
                .time(LlmCallEvent::startedAt).int8(LlmCallEvent::durationMs)
                .int8(c -> c.usage().inputTokens()).int8(c -> c.usage().outputTokens())
                .int8(c -> c.usage().cacheReadTokens()).int8(c -> c.usage().cacheWriteTokens())
                .int8(c -> c.usage().cacheWrite1hTokens()).int8(c -> c.usage().reasoningTokens())
                .decimal(c -> costs.get(c).total()).decimal(c -> costs.get(c).input())
                .decimal(c -> costs.get(c).cacheRead()).decimal(c -> costs.get(c).cacheWrite())
                .decimal(c -> costs.get(c).output()).text(c -> costs.get(c).priceSource())
                .text(LlmCallEvent::stopReason).text(CallRows::toolCallSummary)
                .text(c -> Values.json(c.error()))
                .text(plan.promptHashes::get)
                .text(c -> Values.json(c.labels())).text(c -> Values.labelValues(c))
                .tuple();
        Tuple bodies = new SqlArrays<>(calls)
                .text(LlmCallEvent::workspaceId).text(LlmCallEvent::callId).time(LlmCallEvent::startedAt)
                .utf8(c -> Values.jsonUtf8(c.messages())).utf8(c -> Values.utf8(c.response().text()))
                .utf8(c -> Values.utf8(c.response().thinking())).utf8(c -> Values.jsonUtf8(c.response().toolCalls()))
                .utf8(c -> Values.jsonUtf8(c.rateLimit())).utf8(c -> Values.jsonUtf8(c.attributes()))
                .tuple();
        return Uni.join().all(conn.preparedQuery(INSERT_CALLS).execute(hot), conn.preparedQuery(INSERT_BODIES).execute(bodies))
                .andFailFast().replaceWithVoid();
    }

    /** The hot row keeps only ids and names of tool calls; inputs live with the bodies. */
    static String toolCallSummary(LlmCallEvent call) {
        return ContentMerge.toolCallSummary(call.response());
    }
}
