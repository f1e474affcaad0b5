package io.apilogs.query.persistence.write;

import io.apilogs.model.event.Event;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.query.persistence.SqlArrays;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.util.List;
import java.util.Map;

/** Tools' own HTTP requests: a hot row (method, URL, status, sizes) and a bodies row (redacted headers and bodies). */
final class HttpRows {
    private static final String INSERT_HTTP = """
            insert into http_requests (workspace_id, event_id, conversation_id, seq, assistant_id, started_at,
                duration_ms, plugin, tool_call_id, method, url, status_code, error, request_body_bytes, response_body_bytes, labels, label_values)
            select u.ws, u.event_id, u.conv, u.seq, u.assistant_id, u.started_at, u.duration_ms, u.plugin,
                u.tool_call_id, u.method, u.url, u.status_code::integer, u.error::jsonb, u.request_bytes, u.response_bytes, u.labels::jsonb,
                array(select jsonb_array_elements_text(u.label_values::jsonb))
            from {unnest}""";

    private static final String INSERT_HTTP_BODIES = """
            insert into http_request_bodies (workspace_id, event_id, started_at, request_headers, response_headers,
                request_body, response_body, attributes, search_keys)
            select u.ws, u.event_id, u.started_at, convert_from(u.request_headers, 'UTF8'), convert_from(u.response_headers, 'UTF8'),
                convert_from(u.request_body, 'UTF8'), convert_from(u.response_body, 'UTF8'), convert_from(u.attributes, 'UTF8'),
                u.search_keys::int4[]
            from {unnest}""";

    private HttpRows() {
    }

    static Uni<Void> insert(SqlConnection conn, List<HttpRequestEvent> https, Map<Event, Long> seqs) {
        if (https.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        SqlArrays<HttpRequestEvent> hot = new SqlArrays<>(https)
                .text("ws", HttpRequestEvent::workspaceId).text("event_id", HttpRequestEvent::eventId).text("conv", h -> h.conversation().id())
                .int8("seq", seqs::get).text("assistant_id", h -> h.assistant().id()).time("started_at", HttpRequestEvent::startedAt)
                .int8("duration_ms", HttpRequestEvent::durationMs).text("plugin", HttpRequestEvent::plugin)
                .text("tool_call_id", HttpRequestEvent::toolCallId)
                .text("method", HttpRequestEvent::method).text("url", HttpRequestEvent::url)
                .int8("status_code", h -> h.statusCode() == null ? null : h.statusCode().longValue())
                .text("error", h -> Values.json(h.error()))
                .int8("request_bytes", HttpRequestEvent::requestBodyBytes).int8("response_bytes", HttpRequestEvent::responseBodyBytes)
                .text("labels", h -> Values.json(h.labels())).text("label_values", h -> Values.labelValues(h));
        SqlArrays<HttpRequestEvent> bodies = new SqlArrays<>(https)
                .text("ws", HttpRequestEvent::workspaceId).text("event_id", HttpRequestEvent::eventId).time("started_at", HttpRequestEvent::startedAt)
                .utf8("request_headers", h -> Values.jsonUtf8(h.requestHeaders())).utf8("response_headers", h -> Values.jsonUtf8(h.responseHeaders()))
                .utf8("request_body", h -> Values.jsonUtf8(h.requestBody())).utf8("response_body", h -> Values.jsonUtf8(h.responseBody()))
                .utf8("attributes", h -> Values.jsonUtf8(h.attributes()))
                .text("search_keys", SearchKeys::http);
        return Uni.join().all(conn.preparedQuery(hot.sql(INSERT_HTTP, "u")).execute(hot.tuple()),
                        conn.preparedQuery(bodies.sql(INSERT_HTTP_BODIES, "u")).execute(bodies.tuple()))
                .andFailFast().replaceWithVoid();
    }
}
