package io.apilogs.model.event;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A tool run requested by an LLM call. {@code toolCallId} matches {@code response.toolCalls[].id} of the requesting
 * call; {@code callId} names that call when the client knows it, otherwise the link is made at read time.
 */
public record ToolExecutionEvent(
        String workspaceId,
        String eventId,
        ConversationRef conversation,
        AssistantRef assistant,
        Instant startedAt,
        Long durationMs,
        String toolCallId,
        String callId,
        String toolName,
        JsonNode input,
        JsonNode result,
        ErrorInfo error) implements Event {

    @Override
    public EventType type() {
        return EventType.TOOL_EXECUTION;
    }
}
