package io.apilogs.query.persistence.write;

import io.apilogs.model.event.Event;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.query.persistence.SqlArrays;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

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
            from unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[], $6::timestamptz[], $7::int8[],
                        $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
                 as u(ws, event_id, conv, seq, assistant_id, started_at, duration_ms, tool_call_id, call_id, tool_name, error, labels, label_values)""";

    private static final String INSERT_TOOL_BODIES = """
            insert into tool_execution_bodies (workspace_id, event_id, started_at, input, result, attributes)
            select u.ws, u.event_id, u.started_at, convert_from(u.input, 'UTF8'), convert_from(u.result, 'UTF8'),
                convert_from(u.attributes, 'UTF8')
            from unnest($1::text[], $2::text[], $3::timestamptz[], $4::bytea[], $5::bytea[], $6::bytea[])
                 as u(ws, event_id, started_at, input, result, attributes)""";

    private ToolRows() {
    }

    static Uni<Void> insert(SqlConnection conn, List<ToolExecutionEvent> tools, Map<Event, Long> seqs) {
        if (tools.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple hot = new SqlArrays<>(tools)
                .text(ToolExecutionEvent::workspaceId).text(ToolExecutionEvent::eventId).text(t -> t.conversation().id())
                .int8(seqs::get).text(t -> t.assistant().id()).time(ToolExecutionEvent::startedAt)
                .int8(ToolExecutionEvent::durationMs).text(ToolExecutionEvent::toolCallId).text(ToolExecutionEvent::callId)
                .text(ToolExecutionEvent::toolName).text(t -> Values.json(t.error()))
                .text(t -> Values.json(t.labels())).text(t -> Values.labelValues(t))
                .tuple();
        Tuple bodies = new SqlArrays<>(tools)
                .text(ToolExecutionEvent::workspaceId).text(ToolExecutionEvent::eventId).time(ToolExecutionEvent::startedAt)
                .utf8(t -> Values.jsonUtf8(t.input())).utf8(t -> Values.jsonUtf8(t.result()))
                .utf8(t -> Values.jsonUtf8(t.attributes()))
                .tuple();
        return Uni.join().all(conn.preparedQuery(INSERT_TOOLS).execute(hot), conn.preparedQuery(INSERT_TOOL_BODIES).execute(bodies))
                .andFailFast().replaceWithVoid();
    }
}
