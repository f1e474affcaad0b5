package io.apilogs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;

/** An {@code llm_call} event, built field by field (API.md section 1); {@link #event()} gives its JSON for {@link ApiLogsClient#log}. */
public final class LlmCall {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final ObjectNode event = JSON.objectNode();

    private LlmCall(String conversationId, String assistantId, String model) {
        event.put("type", "llm_call");
        event.putObject("conversation").put("id", conversationId);
        event.putObject("assistant").put("id", assistantId);
        event.put("model", model);
        event.put("startedAt", Instant.now().toString());
    }

    public static LlmCall of(String conversationId, String assistantId, String model) {
        return new LlmCall(conversationId, assistantId, model);
    }

    public LlmCall eventId(String eventId) {
        event.put("eventId", eventId);
        return this;
    }

    public LlmCall callId(String callId) {
        event.put("callId", callId);
        return this;
    }

    public LlmCall provider(String provider) {
        event.put("provider", provider);
        return this;
    }

    public LlmCall subject(String subject) {
        ((ObjectNode) event.get("conversation")).put("subject", subject);
        return this;
    }

    public LlmCall startedAt(Instant at, long durationMs) {
        event.put("startedAt", at.toString());
        event.put("durationMs", durationMs);
        return this;
    }

    public LlmCall systemPrompt(String text) {
        event.put("systemPrompt", text);
        return this;
    }

    public LlmCall message(String role, String content) {
        messages().addObject().put("role", role).put("content", content);
        return this;
    }

    /** A request message whose content is an array of typed parts (kept as given), or null for none. */
    public LlmCall message(String role, JsonNode content) {
        messages().addObject().put("role", role).set("content", content);
        return this;
    }

    public LlmCall response(String text) {
        response().put("text", text);
        return this;
    }

    public LlmCall thinking(String text) {
        response().put("thinking", text);
        return this;
    }

    /** A tool call of the response; {@code input} is its arguments as JSON, or a string when they are not JSON. */
    public LlmCall toolCall(String id, String name, JsonNode input) {
        ObjectNode response = response();
        ArrayNode calls = response.has("toolCalls") ? (ArrayNode) response.get("toolCalls") : response.putArray("toolCalls");
        calls.addObject().put("id", id).put("name", name).set("input", input);
        return this;
    }

    /** The end user the assistant served in this call (not the API key's owner); {@code name} may be null. */
    public LlmCall user(String id, String name) {
        EventLabels.setUser(event, id, name);
        return this;
    }

    /** Tags (at most 20 an event, each at most 64 characters). */
    public LlmCall tags(String... names) {
        EventLabels.addTags(event, names);
        return this;
    }

    /** A metadata value: a string (at most 1 KB), a number or a boolean; at most 50 keys an event. */
    public LlmCall metadata(String key, Object value) {
        ObjectNode metadata = event.has("metadata") ? (ObjectNode) event.get("metadata") : event.putObject("metadata");
        EventLabels.put(metadata, key, value);
        return this;
    }

    public LlmCall stopReason(String reason) {
        event.put("stopReason", reason);
        return this;
    }

    /** Input tokens are the total input (cache reads and writes included), output tokens the total output. */
    public LlmCall usage(long inputTokens, long outputTokens) {
        usage().put("inputTokens", inputTokens).put("outputTokens", outputTokens);
        return this;
    }

    /** The total input tokens, cache reads and writes included. */
    public LlmCall inputTokens(long tokens) {
        usage().put("inputTokens", tokens);
        return this;
    }

    public LlmCall outputTokens(long tokens) {
        usage().put("outputTokens", tokens);
        return this;
    }

    public LlmCall cacheReadTokens(long tokens) {
        usage().put("cacheReadTokens", tokens);
        return this;
    }

    /** Tokens written to the prompt cache; part of the input tokens. */
    public LlmCall cacheWriteTokens(long tokens) {
        usage().put("cacheWriteTokens", tokens);
        return this;
    }

    /** Reasoning tokens; part of the output tokens. */
    public LlmCall reasoningTokens(long tokens) {
        usage().put("reasoningTokens", tokens);
        return this;
    }

    /** The call failed: its error type, message and the provider's HTTP status (null when there was none). */
    public LlmCall error(String type, String message, Integer httpStatus) {
        ObjectNode error = event.putObject("error");
        error.put("type", type);
        error.put("message", message);
        if (httpStatus != null) {
            error.put("httpStatus", httpStatus);
        }
        return this;
    }

    /** The provider's rate-limit response headers, name to value. */
    public LlmCall rateLimit(Map<String, String> headers) {
        ObjectNode rateLimit = event.putObject("rateLimit");
        headers.forEach(rateLimit::put);
        return this;
    }

    /**
     * The provider's own payloads ({@code anthropic.messages}, {@code openai.chat} or {@code openai.responses}):
     * the server derives what this call did not set from them (API.md, {@code raw}). {@code request} may be null.
     */
    public LlmCall raw(String format, JsonNode request, JsonNode response, Map<String, String> responseHeaders) {
        ObjectNode raw = event.putObject("raw");
        raw.put("format", format);
        if (request != null) {
            raw.set("request", request);
        }
        raw.set("response", response);
        ObjectNode headers = raw.putObject("responseHeaders");
        responseHeaders.forEach(headers::put);
        return this;
    }

    public ObjectNode event() {
        return event;
    }

    private ArrayNode messages() {
        return event.has("messages") ? (ArrayNode) event.get("messages") : event.putArray("messages");
    }

    private ObjectNode usage() {
        return event.has("usage") ? (ObjectNode) event.get("usage") : event.putObject("usage");
    }

    private ObjectNode response() {
        return event.has("response") ? (ObjectNode) event.get("response") : event.putObject("response");
    }
}
