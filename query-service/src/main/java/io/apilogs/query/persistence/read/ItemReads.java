package io.apilogs.query.persistence.read;

import io.apilogs.query.service.DetailBudget;
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
            t.event_id, t.conversation_id, t.tool_call_id, t.tool_name, t.started_at, t.duration_ms, t.error, """;
    private static final String TOOL_CONTENT = "b.input, b.result, b.attributes";
    private static final String TOOL_BYTES = """
            coalesce(octet_length(b.input), 0) + coalesce(octet_length(b.result), 0) + coalesce(octet_length(b.attributes), 0)
              + coalesce(octet_length(t.error::text), 0)""";

    private static final String HTTP_COLUMNS = """
            h.event_id, h.conversation_id, h.tool_call_id, h.plugin, h.method, h.url, h.status_code, h.started_at,
            h.duration_ms, h.error, h.request_body_bytes, h.response_body_bytes, """;
    private static final String HTTP_CONTENT = "b.request_headers, b.response_headers, b.request_body, b.response_body, b.attributes";
    private static final String HTTP_BYTES = """
            coalesce(octet_length(b.request_headers), 0) + coalesce(octet_length(b.response_headers), 0)
              + coalesce(octet_length(b.request_body), 0) + coalesce(octet_length(b.response_body), 0)
              + coalesce(octet_length(b.attributes), 0) + coalesce(octet_length(h.url), 0) + coalesce(octet_length(h.error::text), 0)""";
    /** Listed without their contents (a call's detail too large to carry them): the same columns, null. */
    private static final String NO_CONTENT = "null::text as input, null::text as result, null::text as attributes, "
            + "null::text as request_headers, null::text as response_headers, null::text as request_body, null::text as response_body";

    private static final String ONE_TOOL_FROM = """
            
            from processed_events p
            join tool_executions t on t.workspace_id = p.workspace_id and t.event_id = p.event_id and t.started_at = p.started_at
            left join tool_execution_bodies b on b.workspace_id = t.workspace_id and b.event_id = t.event_id and b.started_at = t.started_at
            where p.workspace_id = $1 and p.event_id = $2 and p.kind = 'tool_execution'""";
    private static final String ONE_TOOL = "select " + TOOL_COLUMNS + TOOL_CONTENT + ", " + LINKED_CALL + ONE_TOOL_FROM;
    private static final String ONE_TOOL_BYTES = "select " + TOOL_BYTES + " as bytes" + ONE_TOOL_FROM;

    private static final String ONE_HTTP_FROM = """
            
            from processed_events p
            join http_requests h on h.workspace_id = p.workspace_id and h.event_id = p.event_id and h.started_at = p.started_at
            left join http_request_bodies b on b.workspace_id = h.workspace_id and b.event_id = h.event_id and b.started_at = h.started_at
            where p.workspace_id = $1 and p.event_id = $2 and p.kind = 'http_request'""";
    private static final String ONE_HTTP = "select " + HTTP_COLUMNS + HTTP_CONTENT + ONE_HTTP_FROM;
    private static final String ONE_HTTP_BYTES = "select " + HTTP_BYTES + " as bytes" + ONE_HTTP_FROM;

    private static final String TOOLS_OF_CALL_FROM = """
            
            from tool_executions t
            left join tool_execution_bodies b on b.workspace_id = t.workspace_id and b.event_id = t.event_id and b.started_at = t.started_at
            where t.workspace_id = $1 and t.conversation_id = $2
              and (t.call_id = $3 or (t.call_id is null and t.tool_call_id = any($4::text[])))""";
    private static final String TOOLS_OF_CALL = "select " + TOOL_COLUMNS + TOOL_CONTENT + ", $3::text as linked_call_id"
            + TOOLS_OF_CALL_FROM + " order by t.started_at, t.seq";
    private static final String TOOLS_OF_CALL_LISTED = "select " + TOOL_COLUMNS + NO_CONTENT + ", $3::text as linked_call_id"
            + TOOLS_OF_CALL_FROM + " order by t.started_at, t.seq";

    private static final String HTTP_OF_CALL_FROM = """
            
            from http_requests h
            left join http_request_bodies b on b.workspace_id = h.workspace_id and b.event_id = h.event_id and b.started_at = h.started_at
            where h.workspace_id = $1 and h.conversation_id = $2 and h.tool_call_id = any($3::text[])""";
    private static final String HTTP_OF_CALL = "select " + HTTP_COLUMNS + HTTP_CONTENT + HTTP_OF_CALL_FROM + " order by h.started_at, h.seq";
    private static final String HTTP_OF_CALL_LISTED = "select " + HTTP_COLUMNS + NO_CONTENT + HTTP_OF_CALL_FROM
            + " order by h.started_at, h.seq";

    /**
     * The bytes a call's detail loads for its linked tool executions and HTTP requests (those {@link #linkTo} reads),
     * as SQL over {@code k} (call_keys) and {@code ids} (the call's tool call ids).
     */
    static final String LINKED_BYTES = "(select coalesce(sum(" + TOOL_BYTES + "), 0)" + TOOLS_OF_CALL_FROM
            .replace("$1", "k.workspace_id").replace("$2", "k.conversation_id").replace("$3", "k.call_id").replace("$4::text[]", "ids")
            + ") + (select coalesce(sum(" + HTTP_BYTES + "), 0)" + HTTP_OF_CALL_FROM
            .replace("$1", "k.workspace_id").replace("$2", "k.conversation_id").replace("$3::text[]", "ids") + ")";

    private final Pool pool;

    public ItemReads(Pool pool) {
        this.pool = pool;
    }

    /** Null when not found in the workspace. */
    public Uni<ToolExecutionView> toolExecution(String workspaceId, String id, DetailBudget.Claim claim) {
        return reserved(ONE_TOOL_BYTES, workspaceId, id, claim).chain(found -> !found ? Uni.createFrom().nullItem()
                : pool.preparedQuery(ONE_TOOL).execute(Tuple.of(workspaceId, id))
                        .map(rows -> rows.rowCount() == 0 ? null : toolView(rows.iterator().next(), false)));
    }

    /** Null when not found in the workspace. */
    public Uni<HttpRequestView> httpRequest(String workspaceId, String id, DetailBudget.Claim claim) {
        return reserved(ONE_HTTP_BYTES, workspaceId, id, claim).chain(found -> !found ? Uni.createFrom().nullItem()
                : pool.preparedQuery(ONE_HTTP).execute(Tuple.of(workspaceId, id))
                        .map(rows -> rows.rowCount() == 0 ? null : httpView(rows.iterator().next(), false)));
    }

    /** Reserves the bytes the item's read will load; false when there is no such item. */
    private Uni<Boolean> reserved(String bytesQuery, String workspaceId, String id, DetailBudget.Claim claim) {
        return pool.preparedQuery(bytesQuery).execute(Tuple.of(workspaceId, id)).map(rows -> {
            if (rows.rowCount() == 0) {
                return false;
            }
            claim.take(rows.iterator().next().getLong("bytes"));
            return true;
        });
    }

    /** The call with its {@code toolExecutions} and {@code httpRequests}: those its tool calls caused. */
    Uni<CallDetail> linkTo(CallDetail call, String workspaceId, String[] toolCallIds, boolean withContents) {
        boolean omitted = !withContents;
        Uni<List<ToolExecutionView>> tools = pool.preparedQuery(withContents ? TOOLS_OF_CALL : TOOLS_OF_CALL_LISTED)
                .execute(Tuple.of(workspaceId, call.conversationId(), call.callId(), toolCallIds))
                .map(rows -> {
                    List<ToolExecutionView> items = new ArrayList<>();
                    rows.forEach(row -> items.add(toolView(row, omitted)));
                    return items;
                });
        Uni<List<HttpRequestView>> http = pool.preparedQuery(withContents ? HTTP_OF_CALL : HTTP_OF_CALL_LISTED).execute(Tuple.of(workspaceId, call.conversationId(), toolCallIds))
                .map(rows -> {
                    List<HttpRequestView> items = new ArrayList<>();
                    rows.forEach(row -> items.add(httpView(row, omitted)));
                    return items;
                });
        return tools.chain(toolViews -> http.map(httpViews -> new CallDetail(call.callId(), call.eventId(), call.conversationId(),
                call.assistant(), call.provider(), call.model(), call.startedAt(), call.durationMs(), call.systemPrompt(), call.messages(),
                call.response(), toolViews, httpViews, call.stopReason(), call.usage(), call.costUsd(), call.cost(), call.error(),
                call.rateLimit(), call.attributes(), call.labels())));
    }

    static ToolExecutionView toolView(Row row, boolean omitted) {
        return new ToolExecutionView(row.getString("event_id"), row.getString("conversation_id"), row.getString("linked_call_id"),
                row.getString("tool_call_id"), row.getString("tool_name"), Rows.raw(row.getString("input")),
                Rows.raw(row.getString("result")), Rows.time(row, "started_at"), row.getLong("duration_ms"),
                Rows.json(row.getValue("error")), attributes(row), omitted ? Boolean.TRUE : null);
    }

    static HttpRequestView httpView(Row row, boolean omitted) {
        return new HttpRequestView(row.getString("event_id"), row.getString("conversation_id"), row.getString("tool_call_id"),
                row.getString("plugin"), row.getString("method"), row.getString("url"), row.getInteger("status_code"),
                Rows.raw(row.getString("request_headers")), Rows.raw(row.getString("response_headers")),
                Rows.raw(row.getString("request_body")), Rows.raw(row.getString("response_body")),
                row.getLong("request_body_bytes"), row.getLong("response_body_bytes"), Rows.time(row, "started_at"),
                row.getLong("duration_ms"), Rows.json(row.getValue("error")), attributes(row), omitted ? Boolean.TRUE : null);
    }

    /** Null when the event had none (JSON null would read as an attribute set). */
    private static com.fasterxml.jackson.databind.JsonNode attributes(Row row) {
        String text = row.getString("attributes");
        return text == null ? null : Rows.raw(text);
    }
}
