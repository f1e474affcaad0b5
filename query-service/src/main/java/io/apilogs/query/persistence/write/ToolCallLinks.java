package io.apilogs.query.persistence.write;

import io.apilogs.model.event.Event;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.ToolCall;
import io.apilogs.model.event.ToolExecutionEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tool runs that came without the id of the tool call they answer: OpenLLMetry's tool spans carry none, so ingest
 * names them {@code otel-<spanId>}. Such a run answers a call of its conversation that asked for a tool of its name:
 * the latest one started before it (in the batch, else stored within the day before), and of that call's tool calls
 * of that name, the first no other run answers yet. The run takes that tool call's id and the call's callId, and the
 * batch's HTTP requests of the run follow it. A run no call asked for keeps its own id. The other way round too: a
 * call stored after such runs (its export came later) takes, for each tool call no run answers yet, the first
 * unanswered run of that tool that started after it within the day ({@link #answerStoredRuns}).
 */
final class ToolCallLinks {
    static final String SYNTHETIC = "otel-";
    private static final Duration LOOK_BACK = Duration.ofDays(1);
    private static final String STORED = """
            with latest as (
                select c.call_id, c.tool_calls from llm_calls c
                where c.workspace_id = $1 and c.conversation_id = $2 and c.started_at <= $3 and c.started_at >= $4
                  and c.tool_calls @> jsonb_build_array(jsonb_build_object('name', $5::text))
                order by c.started_at desc, c.seq desc limit 1)
            select l.call_id, tc.value ->> 'id' as id
            from latest l cross join lateral jsonb_array_elements(l.tool_calls) with ordinality as tc(value, n)
            where tc.value ->> 'name' = $5 and not (tc.value ->> 'id' = any($6::text[]))
              and not exists (select 1 from tool_executions t where t.workspace_id = $1 and t.conversation_id = $2
                              and t.tool_call_id = tc.value ->> 'id')
            order by tc.n limit 1""";

    private static final String ANSWER_STORED = """
            with run as (
                select t.workspace_id, t.event_id, t.started_at, t.tool_call_id from tool_executions t
                where t.workspace_id = $1 and t.conversation_id = $2 and t.call_id is null and t.tool_call_id like 'otel-%'
                  and t.tool_name = $3 and t.started_at >= $4 and t.started_at <= $5
                  and not exists (select 1 from tool_executions a where a.workspace_id = $1 and a.conversation_id = $2
                                  and a.tool_call_id = $6)
                order by t.started_at limit 1),
            moved as (
                update tool_executions t set tool_call_id = $6, call_id = $7 from run
                where t.workspace_id = run.workspace_id and t.event_id = run.event_id and t.started_at = run.started_at
                returning run.tool_call_id as old_id)
            update http_requests h set tool_call_id = $6 from moved
            where h.workspace_id = $1 and h.conversation_id = $2 and h.tool_call_id = moved.old_id""";

    private ToolCallLinks() {
    }

    /** For the batch's OpenTelemetry calls that asked for tools: stored runs without a tool-call id that answer them. */
    static Uni<Void> answerStoredRuns(SqlConnection conn, List<LlmCallEvent> calls) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (LlmCallEvent call : calls) {
            if (!call.eventId().startsWith(SYNTHETIC)) {
                continue;
            }
            for (ToolCall toolCall : call.response().toolCalls()) {
                if (toolCall.id() == null || toolCall.name() == null) {
                    continue;
                }
                Tuple tuple = Tuple.tuple(List.of(call.workspaceId(), call.conversation().id(), toolCall.name(),
                        call.startedAt().atOffset(java.time.ZoneOffset.UTC), call.startedAt().plus(LOOK_BACK).atOffset(java.time.ZoneOffset.UTC),
                        toolCall.id(), call.callId()));
                chain = chain.chain(() -> conn.preparedQuery(ANSWER_STORED).execute(tuple).replaceWithVoid());
            }
        }
        return chain;
    }

    static boolean unlinked(Event event) {
        return event instanceof ToolExecutionEvent tool && tool.toolCallId() != null && tool.toolCallId().startsWith(SYNTHETIC)
                && tool.callId() == null && tool.toolName() != null;
    }

    static Uni<List<Event>> link(SqlConnection conn, List<Event> events) {
        if (events.stream().noneMatch(ToolCallLinks::unlinked)) {
            return Uni.createFrom().item(events);
        }
        Set<String> used = new HashSet<>();
        events.forEach(e -> {
            if (e instanceof ToolExecutionEvent tool) {
                used.add(tool.toolCallId());
            }
        });
        Map<String, String[]> found = new HashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Event event : events) {
            if (!unlinked(event)) {
                continue;
            }
            ToolExecutionEvent tool = (ToolExecutionEvent) event;
            String[] inBatch = inBatch(tool, events, used);
            if (inBatch != null) {
                found.put(tool.eventId(), inBatch);
                used.add(inBatch[1]);
                continue;
            }
            chain = chain.chain(() -> stored(conn, tool, used).invoke(link -> {
                if (link != null) {
                    found.put(tool.eventId(), link);
                    used.add(link[1]);
                }
            }).replaceWithVoid());
        }
        return chain.map(done -> rewrite(events, found));
    }

    /** {callId, toolCallId} of the batch's latest call before the run that asked for its tool, or null. */
    private static String[] inBatch(ToolExecutionEvent tool, List<Event> events, Set<String> used) {
        LlmCallEvent latest = null;
        for (Event event : events) {
            if (event instanceof LlmCallEvent call && call.workspaceId().equals(tool.workspaceId())
                    && call.conversation().id().equals(tool.conversation().id()) && !call.startedAt().isAfter(tool.startedAt())
                    && call.response().toolCalls().stream().anyMatch(c -> tool.toolName().equals(c.name()))
                    && (latest == null || call.startedAt().isAfter(latest.startedAt()))) {
                latest = call;
            }
        }
        if (latest == null) {
            return null;
        }
        for (ToolCall call : latest.response().toolCalls()) {
            if (tool.toolName().equals(call.name()) && call.id() != null && !used.contains(call.id())) {
                return new String[] {latest.callId(), call.id()};
            }
        }
        return null;
    }

    private static Uni<String[]> stored(SqlConnection conn, ToolExecutionEvent tool, Set<String> used) {
        Instant at = tool.startedAt();
        Tuple tuple = Tuple.of(tool.workspaceId(), tool.conversation().id(), at.atOffset(java.time.ZoneOffset.UTC),
                at.minus(LOOK_BACK).atOffset(java.time.ZoneOffset.UTC), tool.toolName(), used.toArray(String[]::new));
        return conn.preparedQuery(STORED).execute(tuple).map(rows -> {
            for (Row row : rows) {
                return new String[] {row.getString("call_id"), row.getString("id")};
            }
            return null;
        });
    }

    private static List<Event> rewrite(List<Event> events, Map<String, String[]> found) {
        if (found.isEmpty()) {
            return events;
        }
        Map<String, String> renamed = new HashMap<>();
        List<Event> rewritten = new ArrayList<>(events.size());
        for (Event event : events) {
            String[] link = found.get(event.eventId());
            if (link != null && event instanceof ToolExecutionEvent t) {
                renamed.put(t.toolCallId(), link[1]);
                rewritten.add(new ToolExecutionEvent(t.workspaceId(), t.eventId(), t.conversation(), t.assistant(), t.startedAt(),
                        t.durationMs(), link[1], link[0], t.toolName(), t.input(), t.result(), t.error(), t.attributes(), t.labels()));
            } else {
                rewritten.add(event);
            }
        }
        for (int i = 0; i < rewritten.size(); i++) {
            if (rewritten.get(i) instanceof HttpRequestEvent h && h.toolCallId() != null && renamed.containsKey(h.toolCallId())) {
                rewritten.set(i, new HttpRequestEvent(h.workspaceId(), h.eventId(), h.conversation(), h.assistant(), h.startedAt(),
                        h.durationMs(), h.plugin(), renamed.get(h.toolCallId()), h.method(), h.url(), h.statusCode(), h.requestHeaders(),
                        h.responseHeaders(), h.requestBody(), h.responseBody(), h.requestBodyBytes(), h.responseBodyBytes(), h.error(),
                        h.attributes(), h.labels()));
            }
        }
        return rewritten;
    }
}
