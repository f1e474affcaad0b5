package io.apilogs.query.persistence.write;

import io.apilogs.model.event.Event;
import io.apilogs.query.persistence.SqlArrays;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conversation roll-up rows behind the activity log. The database merges each batch's delta with the stored row,
 * so counts add up and the subject and assistant rules hold whatever order events arrive in. Each new timeline item
 * takes the next {@code seq} of its conversation, which the upsert hands back.
 */
final class ConversationRollups {
    private static final String UPSERT_CONVERSATIONS = """
            insert into conversations as c (workspace_id, conversation_id, subject, subject_at, subject_event_id,
                assistant_id, assistant_at, assistant_event_id, call_count, tool_count, http_count, error_count,
                input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, total_tokens,
                cost_usd, unpriced_call_count, first_at, last_at, models, last_seq, tools, user_id, user_name, user_at,
                user_event_id, labels)
            select u.ws, u.conv, u.subject, u.subject_at, u.subject_event_id,
                u.assistant_id, u.assistant_at, u.assistant_event_id, u.calls, u.tools, u.https, u.errors,
                u.input, u.output, u.cache_read, u.cache_write, u.reasoning, u.input + u.output,
                u.cost::numeric, u.unpriced, u.first_at, u.last_at,
                array(select jsonb_array_elements_text(u.models::jsonb)), u.items,
                array(select jsonb_array_elements_text(u.tool_names::jsonb)),
                u.user_id, u.user_name, u.user_at, u.user_event_id, array(select jsonb_array_elements_text(u.labels::jsonb))
            from {unnest}
            on conflict (workspace_id, conversation_id) do update set
                subject = case when excluded.subject_at is not null and (c.subject_at is null
                    or (excluded.subject_at, excluded.subject_event_id) > (c.subject_at, c.subject_event_id))
                    then excluded.subject else c.subject end,
                subject_event_id = case when excluded.subject_at is not null and (c.subject_at is null
                    or (excluded.subject_at, excluded.subject_event_id) > (c.subject_at, c.subject_event_id))
                    then excluded.subject_event_id else c.subject_event_id end,
                subject_at = case when excluded.subject_at is not null and (c.subject_at is null
                    or (excluded.subject_at, excluded.subject_event_id) > (c.subject_at, c.subject_event_id))
                    then excluded.subject_at else c.subject_at end,
                user_id = case when excluded.user_at is not null and (c.user_at is null
                    or (excluded.user_at, excluded.user_event_id) > (c.user_at, c.user_event_id))
                    then excluded.user_id else c.user_id end,
                user_name = case when excluded.user_at is not null and (c.user_at is null
                    or (excluded.user_at, excluded.user_event_id) > (c.user_at, c.user_event_id))
                    then coalesce(excluded.user_name, case when excluded.user_id = c.user_id then c.user_name end)
                    else coalesce(c.user_name, case when excluded.user_id = c.user_id then excluded.user_name end) end,
                user_event_id = case when excluded.user_at is not null and (c.user_at is null
                    or (excluded.user_at, excluded.user_event_id) > (c.user_at, c.user_event_id))
                    then excluded.user_event_id else c.user_event_id end,
                user_at = case when excluded.user_at is not null and (c.user_at is null
                    or (excluded.user_at, excluded.user_event_id) > (c.user_at, c.user_event_id))
                    then excluded.user_at else c.user_at end,
                labels = case when excluded.labels <@ c.labels then c.labels
                    else array(select distinct l from unnest(c.labels || excluded.labels) l order by l) end,
                assistant_id = case when (excluded.assistant_at, excluded.assistant_event_id) < (c.assistant_at, c.assistant_event_id)
                    then excluded.assistant_id else c.assistant_id end,
                assistant_event_id = case when (excluded.assistant_at, excluded.assistant_event_id) < (c.assistant_at, c.assistant_event_id)
                    then excluded.assistant_event_id else c.assistant_event_id end,
                assistant_at = least(c.assistant_at, excluded.assistant_at),
                call_count = c.call_count + excluded.call_count,
                tool_count = c.tool_count + excluded.tool_count,
                http_count = c.http_count + excluded.http_count,
                error_count = c.error_count + excluded.error_count,
                input_tokens = c.input_tokens + excluded.input_tokens,
                output_tokens = c.output_tokens + excluded.output_tokens,
                cache_read_tokens = c.cache_read_tokens + excluded.cache_read_tokens,
                cache_write_tokens = c.cache_write_tokens + excluded.cache_write_tokens,
                reasoning_tokens = c.reasoning_tokens + excluded.reasoning_tokens,
                total_tokens = c.total_tokens + excluded.total_tokens,
                cost_usd = case when excluded.cost_usd is null then c.cost_usd else coalesce(c.cost_usd, 0) + excluded.cost_usd end,
                unpriced_call_count = c.unpriced_call_count + excluded.unpriced_call_count,
                first_at = least(c.first_at, excluded.first_at),
                last_at = greatest(c.last_at, excluded.last_at),
                models = array(select distinct m from unnest(c.models || excluded.models) m order by m),
                tools = array(select distinct t from unnest(c.tools || excluded.tools) t order by t),
                last_seq = c.last_seq + excluded.last_seq,
                updated_at = now()
            returning workspace_id, conversation_id, last_seq""";

    private ConversationRollups() {
    }

    /**
     * Merges the deltas, keyed as {@link BatchPlan#conversations} (by {@link Values#key} of workspace and conversation),
     * and returns the {@code seq} given to each timeline item.
     */
    static Uni<Map<Event, Long>> merge(SqlConnection conn, Map<String, ConversationDelta> deltas) {
        return upsert(conn, deltas).map(lastSeqs -> {
            Map<Event, Long> seqs = new IdentityHashMap<>();
            lastSeqs.forEach((key, lastSeq) -> {
                ConversationDelta delta = deltas.get(key);
                long next = lastSeq - delta.items.size() + 1;
                for (Event item : delta.items) {
                    seqs.put(item, next++);
                }
            });
            return seqs;
        });
    }

    /** Merges the deltas and returns each conversation's {@code last_seq} after it, by {@link Values#key}. */
    static Uni<Map<String, Long>> upsert(SqlConnection conn, Map<String, ConversationDelta> deltas) {
        if (deltas.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<ConversationDelta> rows = new ArrayList<>(deltas.values());
        SqlArrays<ConversationDelta> arrays = new SqlArrays<>(rows)
                .text("ws", d -> d.workspaceId).text("conv", d -> d.conversationId)
                .text("subject", d -> d.subject).time("subject_at", d -> d.subjectAt).text("subject_event_id", d -> d.subjectEventId)
                .text("assistant_id", d -> d.assistantId).time("assistant_at", d -> d.assistantAt).text("assistant_event_id", d -> d.assistantEventId)
                .int8("calls", d -> d.calls).int8("tools", d -> d.tools).int8("https", d -> d.https).int8("errors", d -> d.errors)
                .int8("input", d -> d.inputTokens).int8("output", d -> d.outputTokens).int8("cache_read", d -> d.cacheReadTokens)
                .int8("cache_write", d -> d.cacheWriteTokens).int8("reasoning", d -> d.reasoningTokens)
                .decimal("cost", d -> d.costUsd).int8("unpriced", d -> d.unpricedCalls)
                .time("first_at", d -> d.firstAt).time("last_at", d -> d.lastAt)
                .text("models", d -> Values.json(d.models)).int8("items", d -> d.items.size() + d.movedItems)
                .text("tool_names", d -> Values.json(d.toolNames))
                .text("user_id", d -> d.userId).text("user_name", d -> d.userName).time("user_at", d -> d.userAt)
                .text("user_event_id", d -> d.userEventId)
                .text("labels", d -> Values.json(d.labels));
        return conn.preparedQuery(arrays.sql(UPSERT_CONVERSATIONS, "u")).execute(arrays.tuple()).map(returned -> {
            Map<String, Long> lastSeqs = new java.util.HashMap<>();
            for (Row row : returned) {
                String key = Values.key(row.getString("workspace_id"), row.getString("conversation_id"));
                lastSeqs.put(key, row.getLong("last_seq"));
                ConversationDelta delta = deltas.get(key);
                long added = delta.items.size() + delta.movedItems;
                delta.firstNewSeq = added == 0 ? 0 : row.getLong("last_seq") - added + 1;
                delta.lastNewSeq = added == 0 ? 0 : row.getLong("last_seq");
            }
            return lastSeqs;
        });
    }
}
