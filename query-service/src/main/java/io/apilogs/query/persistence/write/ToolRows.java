package io.apilogs.query.persistence.write;

import io.apilogs.model.event.Event;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.query.persistence.SqlArrays;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.util.List;
import java.util.Map;

/** Tool executions: a hot row (tool, call ids, duration, error) and a bodies row (input, result). */
final class ToolRows {
    private static final String INSERT_TOOLS = """
            insert into tool_executions (workspace_id, event_id, conversation_id, seq, assistant_id, started_at,
                duration_ms, tool_call_id, call_id, tool_name, error, labels, label_values)
            select u.ws, u.event_id, u.conv, u.seq, u.assistant_id, u.started_at, u.duration_ms, u.tool_call_id,
                u.call_id, u.tool_name, u.error::jsonb, u.labels::jsonb,
                array(select jsonb_array_elements_text(u.label_values::jsonb))
            from {unnest}""";

    private static final String INSERT_TOOL_BODIES = """
            insert into tool_execution_bodies (workspace_id, event_id, started_at, input, result, attributes, search_keys)
            select u.ws, u.event_id, u.started_at, convert_from(u.input, 'UTF8'), convert_from(u.result, 'UTF8'),
                convert_from(u.attributes, 'UTF8'), u.search_keys::int4[]
            from {unnest}""";

    private ToolRows() {
    }

    static Uni<Void> insert(SqlConnection conn, List<ToolExecutionEvent> tools, Map<Event, Long> seqs) {
        if (tools.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        SqlArrays<ToolExecutionEvent> hot = new SqlArrays<>(tools)
                .text("ws", ToolExecutionEvent::workspaceId).text("event_id", ToolExecutionEvent::eventId).text("conv", t -> t.conversation().id())
                .int8("seq", seqs::get).text("assistant_id", t -> t.assistant().id()).time("started_at", ToolExecutionEvent::startedAt)
                .int8("duration_ms", ToolExecutionEvent::durationMs).text("tool_call_id", ToolExecutionEvent::toolCallId)
                .text("call_id", ToolExecutionEvent::callId).text("tool_name", ToolExecutionEvent::toolName)
                .text("error", t -> Values.json(t.error()))
                .text("labels", t -> Values.json(t.labels())).text("label_values", t -> Values.labelValues(t));
        SqlArrays<ToolExecutionEvent> bodies = new SqlArrays<>(tools)
                .text("ws", ToolExecutionEvent::workspaceId).text("event_id", ToolExecutionEvent::eventId)
                .time("started_at", ToolExecutionEvent::startedAt)
                .utf8("input", t -> Values.jsonUtf8(t.input())).utf8("result", t -> Values.jsonUtf8(t.result()))
                .utf8("attributes", t -> Values.jsonUtf8(t.attributes()))
                .text("search_keys", SearchKeys::tool);
        return Uni.join().all(conn.preparedQuery(hot.sql(INSERT_TOOLS, "u")).execute(hot.tuple()),
                        conn.preparedQuery(bodies.sql(INSERT_TOOL_BODIES, "u")).execute(bodies.tuple()))
                .andFailFast().replaceWithVoid();
    }
}
