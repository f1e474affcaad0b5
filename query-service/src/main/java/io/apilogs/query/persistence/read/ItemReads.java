package io.apilogs.query.persistence.read;

import io.apilogs.query.view.CallDetail;
import io.apilogs.query.view.HttpRequestView;
import io.apilogs.query.view.ToolExecutionView;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Tool executions and tool plugins' HTTP requests: one by id, or those linked to one LLM call. */
@ApplicationScoped
public class ItemReads {
    // A tool execution without callId belongs to the call of its conversation that requested its toolCallId.
    private static final String LINKED_CALL = """
            coalesce(t.call_id, (select l.call_id from llm_calls l
                where l.workspace_id = t.workspace_id and l.conversation_id = t.conversation_id
                  and l.tool_calls @> jsonb_build_array(jsonb_build_object('id', t.tool_call_id))
                order by l.started_at, l.seq limit 1)) as linked_call_id""";

    private static final String TOOL_COLUMNS = """
            t.event_id, t.conversation_id, t.tool_call_id, t.tool_name, t.started_at, t.duration_ms, t.error,
            b.input, b.result, b.attributes""";

    private static final String HTTP_COLUMNS = """
            h.event_id, h.conversation_id, h.tool_call_id, h.plugin, h.method, h.url, h.status_code, h.started_at,
            h.duration_ms, h.error, h.request_body_bytes, h.response_body_bytes, b.request_headers, b.response_headers,
            b.request_body, b.response_body, b.attributes""";

    private static final String ONE_TOOL = "select " + TOOL_COLUMNS + ", " + LINKED_CALL + """
            
            from processed_events p
            join tool_executions t on t.workspace_id = p.workspace_id and t.event_id = p.event_id and t.started_at = p.started_at
            left join tool_execution_bodies b on b.workspace_id = t.workspace_id and b.event_id = t.event_id and b.started_at = t.started_at
            where p.workspace_id = $1 and p.event_id = $2 and p.kind = 'tool_execution'""";

    private static final String ONE_HTTP = "select " + HTTP_COLUMNS + """
            
            from processed_events p
            join http_requests h on h.workspace_id = p.workspace_id and h.event_id = p.event_id and h.started_at = p.started_at
            left join http_request_bodies b on b.workspace_id = h.workspace_id and b.event_id = h.event_id and b.started_at = h.started_at
            where p.workspace_id = $1 and p.event_id = $2 and p.kind = 'http_request'""";

    private static final String TOOLS_OF_CALL = "select " + TOOL_COLUMNS + ", $3::text as linked_call_id" + """
            
            from tool_executions t
            left join tool_execution_bodies b on b.workspace_id = t.workspace_id and b.event_id = t.event_id and b.started_at = t.started_at
            where t.workspace_id = $1 and t.conversation_id = $2
              and (t.call_id = $3 or (t.call_id is null and t.tool_call_id = any($4::text[])))
            order by t.started_at, t.seq""";

    private static final String HTTP_OF_CALL = "select " + HTTP_COLUMNS + """
            
            from http_requests h
            left join http_request_bodies b on b.workspace_id = h.workspace_id and b.event_id = h.event_id and b.started_at = h.started_at
            where h.workspace_id = $1 and h.conversation_id = $2 and h.tool_call_id = any($3::text[])
            order by h.started_at, h.seq""";

    private final Pool pool;

    public ItemReads(Pool pool) {
        this.pool = pool;
    }

    /** Null when not found in the workspace. */
    public Uni<ToolExecutionView> toolExecution(String workspaceId, String id) {
        return pool.preparedQuery(ONE_TOOL).execute(Tuple.of(workspaceId, id))
                .map(rows -> rows.rowCount() == 0 ? null : toolView(rows.iterator().next()));
    }

    /** Null when not found in the workspace. */
    public Uni<HttpRequestView> httpRequest(String workspaceId, String id) {
        return pool.preparedQuery(ONE_HTTP).execute(Tuple.of(workspaceId, id))
                .map(rows -> rows.rowCount() == 0 ? null : httpView(rows.iterator().next()));
    }

    /** The call with its {@code toolExecutions} and {@code httpRequests}: those its tool calls caused. */
    Uni<CallDetail> linkTo(CallDetail call, String workspaceId, String[] toolCallIds) {
        Uni<List<ToolExecutionView>> tools = pool.preparedQuery(TOOLS_OF_CALL)
                .execute(Tuple.of(workspaceId, call.conversationId(), call.callId(), toolCallIds))
                .map(rows -> {
                    List<ToolExecutionView> items = new ArrayList<>();
                    rows.forEach(row -> items.add(toolView(row)));
                    return items;
                });
        Uni<List<HttpRequestView>> http = pool.preparedQuery(HTTP_OF_CALL).execute(Tuple.of(workspaceId, call.conversationId(), toolCallIds))
                .map(rows -> {
                    List<HttpRequestView> items = new ArrayList<>();
                    rows.forEach(row -> items.add(httpView(row)));
                    return items;
                });
        return tools.chain(toolViews -> http.map(httpViews -> new CallDetail(call.callId(), call.eventId(), call.conversationId(),
                call.assistant(), call.provider(), call.model(), call.startedAt(), call.durationMs(), call.systemPrompt(), call.messages(),
                call.response(), toolViews, httpViews, call.stopReason(), call.usage(), call.costUsd(), call.cost(), call.error(),
                call.rateLimit(), call.attributes())));
    }

    static ToolExecutionView toolView(Row row) {
        return new ToolExecutionView(row.getString("event_id"), row.getString("conversation_id"), row.getString("linked_call_id"),
                row.getString("tool_call_id"), row.getString("tool_name"), Rows.json(row.getString("input")),
                Rows.json(row.getString("result")), Rows.time(row, "started_at"), row.getLong("duration_ms"),
                Rows.json(row.getValue("error")), attributes(row));
    }

    static HttpRequestView httpView(Row row) {
        return new HttpRequestView(row.getString("event_id"), row.getString("conversation_id"), row.getString("tool_call_id"),
                row.getString("plugin"), row.getString("method"), row.getString("url"), row.getInteger("status_code"),
                Rows.json(row.getString("request_headers")), Rows.json(row.getString("response_headers")),
                Rows.json(row.getString("request_body")), Rows.json(row.getString("response_body")),
                row.getLong("request_body_bytes"), row.getLong("response_body_bytes"), Rows.time(row, "started_at"),
                row.getLong("duration_ms"), Rows.json(row.getValue("error")), attributes(row));
    }

    /** Null when the event had none (JSON null would read as an attribute set). */
    private static com.fasterxml.jackson.databind.JsonNode attributes(Row row) {
        String text = row.getString("attributes");
        return text == null ? null : Rows.parse(text);
    }
}
