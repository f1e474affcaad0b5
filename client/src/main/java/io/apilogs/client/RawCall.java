package io.apilogs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An {@code llm_call} made of the provider's own payloads: the request as sent, the response as received, and the
 * response headers (so the rate-limit headers come along). The server derives model, messages, response, usage and
 * stop reason from them (API.md, {@code raw}).
 */
public final class RawCall {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RawCall() {
    }

    /** An Anthropic Messages API call ({@code POST /v1/messages}). */
    public static ObjectNode anthropic(String conversationId, String assistantId, JsonNode request, JsonNode response,
                                       Map<String, List<String>> responseHeaders, Instant startedAt, long durationMs) {
        return of("anthropic.messages", "anthropic", conversationId, assistantId, request, response, responseHeaders, startedAt, durationMs);
    }

    /** An OpenAI Chat Completions call. */
    public static ObjectNode openAiChat(String conversationId, String assistantId, JsonNode request, JsonNode response,
                                        Map<String, List<String>> responseHeaders, Instant startedAt, long durationMs) {
        return of("openai.chat", "openai", conversationId, assistantId, request, response, responseHeaders, startedAt, durationMs);
    }

    /** An OpenAI Responses API call. */
    public static ObjectNode openAiResponses(String conversationId, String assistantId, JsonNode request, JsonNode response,
                                             Map<String, List<String>> responseHeaders, Instant startedAt, long durationMs) {
        return of("openai.responses", "openai", conversationId, assistantId, request, response, responseHeaders, startedAt, durationMs);
    }

    private static ObjectNode of(String format, String provider, String conversationId, String assistantId, JsonNode request,
                                 JsonNode response, Map<String, List<String>> responseHeaders, Instant startedAt, long durationMs) {
        ObjectNode event = JSON.objectNode();
        event.put("type", "llm_call");
        event.putObject("conversation").put("id", conversationId);
        event.putObject("assistant").put("id", assistantId);
        event.put("startedAt", startedAt.toString());
        event.put("durationMs", durationMs);
        event.put("provider", provider);
        ObjectNode raw = event.putObject("raw");
        raw.put("format", format);
        raw.set("request", request);
        raw.set("response", response);
        ObjectNode headers = raw.putObject("responseHeaders");
        // java.net.http's headers have lowercase names and list values; the server matches names case-insensitively.
        responseHeaders.forEach((name, values) -> headers.put(name, String.join(", ", values)));
        return event;
    }
}
