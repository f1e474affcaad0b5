package io.apilogs.model.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;

/**
 * An outbound HTTP request made by a tool plugin. Credentials are already redacted and bodies truncated when this
 * record exists; the byte counts are those of the bodies as the client sent them.
 */
public record HttpRequestEvent(
        String workspaceId,
        String eventId,
        ConversationRef conversation,
        AssistantRef assistant,
        Instant startedAt,
        Long durationMs,
        String plugin,
        String toolCallId,
        String method,
        String url,
        Integer statusCode,
        Map<String, String> requestHeaders,
        Map<String, String> responseHeaders,
        JsonNode requestBody,
        JsonNode responseBody,
        Long requestBodyBytes,
        Long responseBodyBytes,
        ErrorInfo error,
        /** Other attributes the source reported (e.g. OpenTelemetry span attributes no field maps), shown in the detail; or null. */
        JsonNode attributes,
        /** The end user, tags and metadata (issue 25), or null. */
        Labels labels) implements Event {

    /** Without labels. */
    public HttpRequestEvent(String workspaceId, String eventId, ConversationRef conversation, AssistantRef assistant, Instant startedAt,
                            Long durationMs, String plugin, String toolCallId, String method, String url, Integer statusCode,
                            Map<String, String> requestHeaders, Map<String, String> responseHeaders, JsonNode requestBody,
                            JsonNode responseBody, Long requestBodyBytes, Long responseBodyBytes, ErrorInfo error, JsonNode attributes) {
        this(workspaceId, eventId, conversation, assistant, startedAt, durationMs, plugin, toolCallId, method, url, statusCode,
                requestHeaders, responseHeaders, requestBody, responseBody, requestBodyBytes, responseBodyBytes, error, attributes, null);
    }

    /** Without attributes (what most clients send). */
    public HttpRequestEvent(String workspaceId, String eventId, ConversationRef conversation, AssistantRef assistant, Instant startedAt,
                            Long durationMs, String plugin, String toolCallId, String method, String url, Integer statusCode,
                            Map<String, String> requestHeaders, Map<String, String> responseHeaders, JsonNode requestBody,
                            JsonNode responseBody, Long requestBodyBytes, Long responseBodyBytes, ErrorInfo error) {
        this(workspaceId, eventId, conversation, assistant, startedAt, durationMs, plugin, toolCallId, method, url, statusCode,
                requestHeaders, responseHeaders, requestBody, responseBody, requestBodyBytes, responseBodyBytes, error, null, null);
    }

    @Override
    public HttpRequestEvent withConversation(ConversationRef to) {
        return new HttpRequestEvent(workspaceId, eventId, to, assistant, startedAt, durationMs, plugin, toolCallId, method, url, statusCode, requestHeaders, responseHeaders, requestBody, responseBody, requestBodyBytes, responseBodyBytes, error, attributes, labels);
    }

    @Override
    public HttpRequestEvent withLabels(Labels to) {
        return new HttpRequestEvent(workspaceId, eventId, conversation, assistant, startedAt, durationMs, plugin, toolCallId, method, url, statusCode, requestHeaders, responseHeaders, requestBody, responseBody, requestBodyBytes, responseBodyBytes, error, attributes, to);
    }

    @Override
    public EventType type() {
        return EventType.HTTP_REQUEST;
    }

    /** An HTTP request counts as an error when it failed outright or the server answered 4xx/5xx. */
    public boolean failed() {
        return error != null || (statusCode != null && statusCode >= 400);
    }
}
