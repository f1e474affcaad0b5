package io.apilogs.query.persistence.write;

import io.apilogs.model.event.Event;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.query.persistence.SqlArrays;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

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
            from unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[], $6::timestamptz[], $7::int8[],
                        $8::text[], $9::text[], $10::text[], $11::text[], $12::int8[], $13::text[], $14::int8[], $15::int8[], $16::text[], $17::text[])
                 as u(ws, event_id, conv, seq, assistant_id, started_at, duration_ms, plugin, tool_call_id, method, url,
                      status_code, error, request_bytes, response_bytes, labels, label_values)""";

    private static final String INSERT_HTTP_BODIES = """
            insert into http_request_bodies (workspace_id, event_id, started_at, request_headers, response_headers,
                request_body, response_body, attributes)
            select u.ws, u.event_id, u.started_at, convert_from(u.request_headers, 'UTF8'), convert_from(u.response_headers, 'UTF8'),
                convert_from(u.request_body, 'UTF8'), convert_from(u.response_body, 'UTF8'), convert_from(u.attributes, 'UTF8')
            from unnest($1::text[], $2::text[], $3::timestamptz[], $4::bytea[], $5::bytea[], $6::bytea[], $7::bytea[], $8::bytea[])
                 as u(ws, event_id, started_at, request_headers, response_headers, request_body, response_body, attributes)""";

    private HttpRows() {
    }

    static Uni<Void> insert(SqlConnection conn, List<HttpRequestEvent> https, Map<Event, Long> seqs) {
        if (https.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple hot = new SqlArrays<>(https)
                .text(HttpRequestEvent::workspaceId).text(HttpRequestEvent::eventId).text(h -> h.conversation().id())
                .int8(seqs::get).text(h -> h.assistant().id()).time(HttpRequestEvent::startedAt)
                .int8(HttpRequestEvent::durationMs).text(HttpRequestEvent::plugin).text(HttpRequestEvent::toolCallId)
                .text(HttpRequestEvent::method).text(HttpRequestEvent::url)
                .int8(h -> h.statusCode() == null ? null : h.statusCode().longValue())
                .text(h -> Values.json(h.error()))
                .int8(HttpRequestEvent::requestBodyBytes).int8(HttpRequestEvent::responseBodyBytes)
                .text(h -> Values.json(h.labels())).text(h -> Values.labelValues(h))
                .tuple();
        Tuple bodies = new SqlArrays<>(https)
                .text(HttpRequestEvent::workspaceId).text(HttpRequestEvent::eventId).time(HttpRequestEvent::startedAt)
                .utf8(h -> Values.jsonUtf8(h.requestHeaders())).utf8(h -> Values.jsonUtf8(h.responseHeaders()))
                .utf8(h -> Values.jsonUtf8(h.requestBody())).utf8(h -> Values.jsonUtf8(h.responseBody()))
                .utf8(h -> Values.jsonUtf8(h.attributes()))
                .tuple();
        return Uni.join().all(conn.preparedQuery(INSERT_HTTP).execute(hot), conn.preparedQuery(INSERT_HTTP_BODIES).execute(bodies))
                .andFailFast().replaceWithVoid();
    }
}
