package io.apilogs.model.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** One LLM call, as it travels over Kafka. {@code messages} is kept exactly as sent. */
public record LlmCallEvent(
        String workspaceId,
        String eventId,
        ConversationRef conversation,
        AssistantRef assistant,
        Instant startedAt,
        Long durationMs,
        String callId,
        String provider,
        String model,
        String systemPrompt,
        JsonNode messages,
        LlmResponse response,
        String stopReason,
        Usage usage,
        BigDecimal costUsd,
        ErrorInfo error,
        Map<String, String> rateLimit,
        /** Other attributes the source reported (e.g. OpenTelemetry span attributes no field maps), shown in the detail; or null. */
        JsonNode attributes,
        /** The end user, tags and metadata (issue 25), or null. */
        Labels labels) implements Event {

    /** Without labels. */
    public LlmCallEvent(String workspaceId, String eventId, ConversationRef conversation, AssistantRef assistant, Instant startedAt, Long durationMs,
                        String callId, String provider, String model, String systemPrompt, JsonNode messages, LlmResponse response,
                        String stopReason, Usage usage, BigDecimal costUsd, ErrorInfo error, Map<String, String> rateLimit, JsonNode attributes) {
        this(workspaceId, eventId, conversation, assistant, startedAt, durationMs, callId, provider, model, systemPrompt, messages, response,
                stopReason, usage, costUsd, error, rateLimit, attributes, null);
    }

    /** Without attributes (what most clients send). */
    public LlmCallEvent(String workspaceId, String eventId, ConversationRef conversation, AssistantRef assistant, Instant startedAt, Long durationMs,
                        String callId, String provider, String model, String systemPrompt, JsonNode messages, LlmResponse response,
                        String stopReason, Usage usage, BigDecimal costUsd, ErrorInfo error, Map<String, String> rateLimit) {
        this(workspaceId, eventId, conversation, assistant, startedAt, durationMs, callId, provider, model, systemPrompt, messages, response,
                stopReason, usage, costUsd, error, rateLimit, null, null);
    }

    /** Absent parts read from Kafka become empty rather than null, so the writer never trips on them. */
    public LlmCallEvent {
        messages = messages == null || messages.isNull() ? JsonNodeFactory.instance.arrayNode() : messages;
        response = response == null ? LlmResponse.EMPTY : response;
        usage = usage == null ? Usage.EMPTY : usage;
        callId = callId == null ? eventId : callId;
    }

    @Override
    public LlmCallEvent withConversation(ConversationRef to) {
        return new LlmCallEvent(workspaceId, eventId, to, assistant, startedAt, durationMs, callId, provider, model, systemPrompt, messages, response, stopReason, usage, costUsd, error, rateLimit, attributes, labels);
    }

    @Override
    public LlmCallEvent withLabels(Labels to) {
        return new LlmCallEvent(workspaceId, eventId, conversation, assistant, startedAt, durationMs, callId, provider, model, systemPrompt, messages, response, stopReason, usage, costUsd, error, rateLimit, attributes, to);
    }

    @Override
    public EventType type() {
        return EventType.LLM_CALL;
    }
}
