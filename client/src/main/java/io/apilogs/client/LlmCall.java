package io.apilogs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

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
        ArrayNode messages = event.has("messages") ? (ArrayNode) event.get("messages") : event.putArray("messages");
        messages.addObject().put("role", role).put("content", content);
        return this;
    }

    public LlmCall response(String text) {
        response().put("text", text);
        return this;
    }

    public LlmCall toolCall(String id, String name, JsonNode input) {
        ObjectNode response = response();
        ArrayNode calls = response.has("toolCalls") ? (ArrayNode) response.get("toolCalls") : response.putArray("toolCalls");
        calls.addObject().put("id", id).put("name", name).set("input", input);
        return this;
    }

    public LlmCall stopReason(String reason) {
        event.put("stopReason", reason);
        return this;
    }

    /** Input tokens are the total input (cache reads and writes included), output tokens the total output. */
    public LlmCall usage(long inputTokens, long outputTokens) {
        ObjectNode usage = event.has("usage") ? (ObjectNode) event.get("usage") : event.putObject("usage");
        usage.put("inputTokens", inputTokens).put("outputTokens", outputTokens);
        return this;
    }

    public LlmCall cacheReadTokens(long tokens) {
        ObjectNode usage = event.has("usage") ? (ObjectNode) event.get("usage") : event.putObject("usage");
        usage.put("cacheReadTokens", tokens);
        return this;
    }

    public ObjectNode event() {
        return event;
    }

    private ObjectNode response() {
        return event.has("response") ? (ObjectNode) event.get("response") : event.putObject("response");
    }
}
