package io.apilogs.ingest.otlp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;

/** An HTTP client span below a tool span: the tool's own HTTP call, as {@code http_request}. */
final class HttpSpans {
    static final Set<String> HTTP_MAPPED = Set.of("http.request.method", "http.method", "url.full", "http.url",
            "http.response.status_code", "http.status_code");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private HttpSpans() {
    }

    static ObjectNode httpRequest(OtlpSpan span, OtlpSpan tool, ObjectNode event, SpanContext context) {
        Convention toolConvention = Convention.of(tool);
        ObjectNode toolEvent = JSON.objectNode();
        toolConvention.toolExecution(tool, toolEvent);
        event.put("plugin", toolEvent.path("toolName").asText("tool"));
        event.put("toolCallId", toolEvent.has("toolCallId") ? toolEvent.get("toolCallId").asText() : "otel-" + tool.spanId());
        String method = span.string("http.request.method") != null ? span.string("http.request.method") : span.string("http.method");
        event.put("method", method);
        String url = span.string("url.full") != null ? span.string("url.full") : span.string("http.url");
        if (url != null) {
            event.put("url", url);
        }
        Long status = span.number("http.response.status_code") != null ? span.number("http.response.status_code")
                : span.number("http.status_code");
        if (status != null) {
            event.put("statusCode", status);
        }
        ObjectNode requestHeaders = headers(span, "http.request.header.");
        if (!requestHeaders.isEmpty()) {
            event.set("requestHeaders", requestHeaders);
        }
        ObjectNode responseHeaders = headers(span, "http.response.header.");
        if (!responseHeaders.isEmpty()) {
            event.set("responseHeaders", responseHeaders);
        }
        GenAiSpans.keepUnmapped(event, span, HTTP_MAPPED::contains, context);
        return event;
    }

    private static ObjectNode headers(OtlpSpan span, String prefix) {
        ObjectNode headers = JSON.objectNode();
        span.attributes().forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                String name = key.substring(prefix.length());
                headers.put(name, value instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf).toList())
                        : String.valueOf(value));
            }
        });
        return headers;
    }
}
