package io.apilogs.model.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * The content of an LLM call that came apart from the call: OpenTelemetry instrumentations that send message content
 * as log records ({@code gen_ai.user.message}, {@code gen_ai.choice}, ...) instead of span attributes. Made only by
 * ingest's OTLP logs mapping, never accepted from {@code POST /v1/events}. {@code contentOf} is the eventId of the
 * call ({@code otel-<traceId>-<spanId>}); the writer fills in what the call lacks, whichever arrives first.
 */
public record CallContentEvent(
        String workspaceId,
        String eventId,
        ConversationRef conversation,
        AssistantRef assistant,
        Instant startedAt,
        Long durationMs,
        String contentOf,
        String systemPrompt,
        JsonNode messages,
        LlmResponse response) implements Event {

    public CallContentEvent {
        response = response == null ? LlmResponse.EMPTY : response;
    }

    @Override
    public CallContentEvent withConversation(ConversationRef to) {
        return new CallContentEvent(workspaceId, eventId, to, assistant, startedAt, durationMs, contentOf, systemPrompt, messages, response);
    }

    @Override
    public EventType type() {
        return EventType.CALL_CONTENT;
    }
}
