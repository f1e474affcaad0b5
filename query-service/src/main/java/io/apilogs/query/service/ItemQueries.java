package io.apilogs.query.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** Tool executions and tool plugins' HTTP requests: one by id, or those linked to one LLM call. */
@ApplicationScoped
public class ItemQueries {
    // A tool execution without callId belongs to the call of its conversation that requested its toolCallId.
    private static final String LINKED_CALL = """
            coalesce(t.call_id, (select l.call_id from llm_calls l
                where l.workspace_id = t.workspace_id and l.conversation_id = t.conversation_id
                  and l.tool_calls @> jsonb_build_array(jsonb_build_object('id', t.tool_call_id))
                order by l.started_at, l.seq limit 1)) as linked_call_id""";

    private static final String TOOL_COLUMNS = """
            t.event_id, t.conversation_id, t.tool_call_id, t.tool_name, t.started_at, t.duration_ms, t.error,
            b.input, b.result""";

    private static final String HTTP_COLUMNS = """
            h.event_id, h.conversation_id, h.tool_call_id, h.plugin, h.method, h.url, h.status_code, h.started_at,
            h.duration_ms, h.error, h.request_body_bytes, h.response_body_bytes, b.request_headers, b.response_headers,
            b.request_body, b.response_body""";

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

    public ItemQueries(Pool pool) {
        this.pool = pool;
    }

    /** Null when not found in the workspace. */
    public Uni<ObjectNode> toolExecution(String workspaceId, String id) {
        return pool.preparedQuery(ONE_TOOL).execute(Tuple.of(workspaceId, id))
                .map(rows -> rows.rowCount() == 0 ? null : toolView(rows.iterator().next()));
    }

    /** Null when not found in the workspace. */
    public Uni<ObjectNode> httpRequest(String workspaceId, String id) {
        return pool.preparedQuery(ONE_HTTP).execute(Tuple.of(workspaceId, id))
                .map(rows -> rows.rowCount() == 0 ? null : httpView(rows.iterator().next()));
    }

    /** Fills {@code toolExecutions} and {@code httpRequests} of a call detail. */
    public Uni<ObjectNode> linkTo(ObjectNode call, String workspaceId, String[] toolCallIds) {
        String conversationId = call.get("conversationId").asText();
        String callId = call.get("callId").asText();
        Uni<Void> tools = pool.preparedQuery(TOOLS_OF_CALL).execute(Tuple.of(workspaceId, conversationId, callId, toolCallIds))
                .invoke(rows -> {
                    ArrayNode items = call.putArray("toolExecutions");
                    rows.forEach(row -> items.add(toolView(row)));
                }).replaceWithVoid();
        Uni<Void> http = pool.preparedQuery(HTTP_OF_CALL).execute(Tuple.of(workspaceId, conversationId, toolCallIds))
                .invoke(rows -> {
                    ArrayNode items = call.putArray("httpRequests");
                    rows.forEach(row -> items.add(httpView(row)));
                }).replaceWithVoid();
        return tools.chain(() -> http).replaceWith(call);
    }

    static ObjectNode toolView(Row row) {
        ObjectNode node = Views.JSON.objectNode();
        node.put("id", row.getString("event_id"));
        node.put("conversationId", row.getString("conversation_id"));
        node.put("callId", row.getString("linked_call_id"));
        node.put("toolCallId", row.getString("tool_call_id"));
        node.put("toolName", row.getString("tool_name"));
        node.set("input", Views.jsonOrNull(row.getString("input")));
        node.set("result", Views.jsonOrNull(row.getString("result")));
        Views.time(node, "startedAt", row, "started_at");
        Views.longOrNull(node, "durationMs", row, "duration_ms");
        node.set("error", Views.jsonOrNull(row.getValue("error")));
        return node;
    }

    static ObjectNode httpView(Row row) {
        ObjectNode node = Views.JSON.objectNode();
        node.put("id", row.getString("event_id"));
        node.put("conversationId", row.getString("conversation_id"));
        node.put("toolCallId", row.getString("tool_call_id"));
        node.put("plugin", row.getString("plugin"));
        node.put("method", row.getString("method"));
        node.put("url", row.getString("url"));
        node.put("statusCode", row.getInteger("status_code"));
        node.set("requestHeaders", Views.jsonOrNull(row.getString("request_headers")));
        node.set("responseHeaders", Views.jsonOrNull(row.getString("response_headers")));
        node.set("requestBody", Views.jsonOrNull(row.getString("request_body")));
        node.set("responseBody", Views.jsonOrNull(row.getString("response_body")));
        Views.longOrNull(node, "requestBodyBytes", row, "request_body_bytes");
        Views.longOrNull(node, "responseBodyBytes", row, "response_body_bytes");
        Views.time(node, "startedAt", row, "started_at");
        Views.longOrNull(node, "durationMs", row, "duration_ms");
        node.set("error", Views.jsonOrNull(row.getValue("error")));
        return node;
    }
}
