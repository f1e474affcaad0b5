package io.apilogs.model.event;

import com.fasterxml.jackson.databind.JsonNode;

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
        Map<String, String> rateLimit) implements Event {

    @Override
    public EventType type() {
        return EventType.LLM_CALL;
    }
}
