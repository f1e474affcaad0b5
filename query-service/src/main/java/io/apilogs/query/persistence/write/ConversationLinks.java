package io.apilogs.query.persistence.write;

import io.apilogs.model.event.ConversationEvent;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.Event;
import io.apilogs.query.persistence.SqlArrays;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stand-in conversations of the OpenTelemetry mapping. A span whose conversation is not known yet (it is often named
 * only on a parent span, which ends, and so is exported, after its children) is stored in {@code trace-<traceId>}.
 * When a later export names the trace's conversation, ingest sends a {@link ConversationEvent} that
 * {@linkplain ConversationEvent#absorbs() absorbs} the stand-in, and in the batch's transaction:
 * <ol>
 *   <li>the link is recorded (the first one of a stand-in wins);</li>
 *   <li>the stand-in's roll-up row is removed and added to the conversation's, and its items move there with their
 *       order kept, after the items the conversation already has (new {@code seq}s, so live streams receive them);</li>
 *   <li>events of the batch still in a linked stand-in go to its conversation instead.</li>
 * </ol>
 * Ingest keys a link's record like the stand-in's own events, so both are written by one consumer, in order.
 */
final class ConversationLinks {
    /** The batch with stand-ins replaced, and the roll-up deltas the moves added (for change notification). */
    record Applied(List<Event> events, List<ConversationDelta> moved) {
    }

    private static final String RECORD = """
            insert into conversation_links ({columns})
            select * from {unnest}
            on conflict do nothing
            returning workspace_id, stand_in_id, conversation_id""";

    private static final String TAKE_ROLLUP = """
            delete from conversations where workspace_id = $1 and conversation_id = $2
            returning subject, subject_at, subject_event_id, assistant_id, assistant_at, assistant_event_id, call_count,
                tool_count, http_count, error_count, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
                reasoning_tokens, cost_usd, unpriced_call_count, first_at, last_at, models, last_seq, tools, user_id, user_name,
                user_at, user_event_id, labels""";

    private static final String MOVE_ITEMS = """
            with c as (update llm_calls set conversation_id = $3, seq = seq + $4
                       where workspace_id = $1 and conversation_id = $2 returning event_id, call_id),
                 t as (update tool_executions set conversation_id = $3, seq = seq + $4
                       where workspace_id = $1 and conversation_id = $2 returning event_id),
                 h as (update http_requests set conversation_id = $3, seq = seq + $4
                       where workspace_id = $1 and conversation_id = $2 returning event_id),
                 p as (update processed_events p set conversation_id = $3
                       from (select event_id from c union all select event_id from t union all select event_id from h) m
                       where p.workspace_id = $1 and p.event_id = m.event_id returning 1),
                 k as (update call_keys k set conversation_id = $3 from c
                       where k.workspace_id = $1 and k.call_id = c.call_id returning 1)
            select (select count(*) from c) + (select count(*) from t) + (select count(*) from h) as items,
                   (select count(*) from p) as processed, (select count(*) from k) as keys""";

    private static final String LOOK_UP = """
            select l.workspace_id, l.stand_in_id, l.conversation_id
            from conversation_links l join {unnest}
                on l.workspace_id = s.ws and l.stand_in_id = s.stand_in""";

    private ConversationLinks() {
    }

    /** A stand-in's id: what the OpenTelemetry mapping names a conversation it does not know yet. */
    static boolean isStandIn(Event event) {
        return event.eventId().startsWith("otel-") && event.conversation().id().startsWith("trace-");
    }

    static Uni<Applied> apply(SqlConnection conn, List<Event> accepted) {
        List<ConversationEvent> links = new ArrayList<>();
        List<Event> standIns = new ArrayList<>();
        for (Event event : accepted) {
            if (event instanceof ConversationEvent link && link.absorbs() != null
                    && !link.absorbs().equals(link.conversation().id())) {
                links.add(link);
            } else if (isStandIn(event)) {
                standIns.add(event);
            }
        }
        if (links.isEmpty() && standIns.isEmpty()) {
            return Uni.createFrom().item(new Applied(accepted, List.of()));
        }
        List<ConversationDelta> moved = new ArrayList<>();
        return record(conn, links)
                .chain(recorded -> moveAll(conn, recorded, 0, moved))
                .chain(() -> lookUp(conn, standIns))
                .map(targets -> new Applied(rewrite(accepted, targets), moved));
    }

    private static Uni<List<String[]>> record(SqlConnection conn, List<ConversationEvent> links) {
        if (links.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        SqlArrays<ConversationEvent> linked = new SqlArrays<>(links).text("workspace_id", Event::workspaceId)
                .text("stand_in_id", ConversationEvent::absorbs).text("conversation_id", l -> l.conversation().id());
        return conn.preparedQuery(linked.sql(RECORD, "u")).execute(linked.tuple()).map(rows -> {
            List<String[]> recorded = new ArrayList<>();
            for (Row row : rows) {
                recorded.add(new String[] {row.getString("workspace_id"), row.getString("stand_in_id"), row.getString("conversation_id")});
            }
            return recorded;
        });
    }

    /** One link after the other: each takes the stand-in's row, then the conversation's. */
    private static Uni<Void> moveAll(SqlConnection conn, List<String[]> links, int index, List<ConversationDelta> moved) {
        if (index >= links.size()) {
            return Uni.createFrom().voidItem();
        }
        String[] link = links.get(index);
        return move(conn, link[0], link[1], link[2]).invoke(delta -> {
            if (delta != null) {
                moved.add(delta);
            }
        }).chain(() -> moveAll(conn, links, index + 1, moved));
    }

    private static Uni<ConversationDelta> move(SqlConnection conn, String workspaceId, String standIn, String conversationId) {
        return conn.preparedQuery(TAKE_ROLLUP).execute(Tuple.of(workspaceId, standIn)).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().nullItem();
            }
            ConversationDelta delta = fromRow(rows.iterator().next(), workspaceId, conversationId);
            String key = Values.key(workspaceId, conversationId);
            return ConversationRollups.upsert(conn, Map.of(key, delta))
                    .chain(lastSeqs -> conn.preparedQuery(MOVE_ITEMS)
                            .execute(Tuple.of(workspaceId, standIn, conversationId, lastSeqs.get(key) - delta.movedItems)))
                    .replaceWith(delta);
        });
    }

    /** The stand-in's roll-up row as a delta for its conversation. */
    static ConversationDelta fromRow(Row row, String workspaceId, String conversationId) {
        ConversationDelta delta = new ConversationDelta(workspaceId, conversationId);
        delta.subject = row.getString("subject");
        delta.subjectAt = instant(row, "subject_at");
        delta.subjectEventId = row.getString("subject_event_id");
        delta.assistantId = row.getString("assistant_id");
        delta.assistantAt = instant(row, "assistant_at");
        delta.assistantEventId = row.getString("assistant_event_id");
        delta.calls = row.getLong("call_count");
        delta.tools = row.getLong("tool_count");
        delta.https = row.getLong("http_count");
        delta.errors = row.getLong("error_count");
        delta.inputTokens = row.getLong("input_tokens");
        delta.outputTokens = row.getLong("output_tokens");
        delta.cacheReadTokens = row.getLong("cache_read_tokens");
        delta.cacheWriteTokens = row.getLong("cache_write_tokens");
        delta.reasoningTokens = row.getLong("reasoning_tokens");
        delta.costUsd = row.getBigDecimal("cost_usd");
        delta.unpricedCalls = row.getLong("unpriced_call_count");
        delta.firstAt = instant(row, "first_at");
        delta.lastAt = instant(row, "last_at");
        String[] models = row.getArrayOfStrings("models");
        if (models != null) {
            delta.models.addAll(List.of(models));
        }
        String[] tools = row.getArrayOfStrings("tools");
        if (tools != null) {
            delta.toolNames.addAll(List.of(tools));
        }
        delta.userId = row.getString("user_id");
        delta.userName = row.getString("user_name");
        delta.userAt = instant(row, "user_at");
        delta.userEventId = row.getString("user_event_id");
        String[] labels = row.getArrayOfStrings("labels");
        if (labels != null) {
            delta.labels.addAll(List.of(labels));
        }
        delta.movedItems = row.getLong("last_seq");
        return delta;
    }

    private static java.time.Instant instant(Row row, String column) {
        java.time.OffsetDateTime at = row.getOffsetDateTime(column);
        return at == null ? null : at.toInstant();
    }

    private static Uni<Map<String, String>> lookUp(SqlConnection conn, List<Event> standIns) {
        if (standIns.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        SqlArrays<Event> keys = new SqlArrays<>(standIns).text("ws", Event::workspaceId).text("stand_in", e -> e.conversation().id());
        return conn.preparedQuery(keys.sql(LOOK_UP, "s")).execute(keys.tuple()).map(rows -> {
            Map<String, String> targets = new HashMap<>();
            for (Row row : rows) {
                targets.put(Values.key(row.getString("workspace_id"), row.getString("stand_in_id")), row.getString("conversation_id"));
            }
            return targets;
        });
    }

    static List<Event> rewrite(List<Event> events, Map<String, String> targets) {
        if (targets.isEmpty()) {
            return events;
        }
        List<Event> rewritten = new ArrayList<>(events.size());
        for (Event event : events) {
            String target = isStandIn(event) ? targets.get(Values.key(event.workspaceId(), event.conversation().id())) : null;
            rewritten.add(target == null ? event : event.withConversation(new ConversationRef(target, event.conversation().subject())));
        }
        return rewritten;
    }
}
