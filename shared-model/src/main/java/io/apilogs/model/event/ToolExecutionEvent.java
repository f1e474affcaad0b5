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
        ErrorInfo error,
        /** Other attributes the source reported (e.g. OpenTelemetry span attributes no field maps), shown in the detail; or null. */
        JsonNode attributes,
        /** The end user, tags and metadata (issue 25), or null. */
        Labels labels) implements Event {

    /** Without labels. */
    public ToolExecutionEvent(String workspaceId, String eventId, ConversationRef conversation, AssistantRef assistant, Instant startedAt,
                              Long durationMs, String toolCallId, String callId, String toolName, JsonNode input, JsonNode result,
                              ErrorInfo error, JsonNode attributes) {
        this(workspaceId, eventId, conversation, assistant, startedAt, durationMs, toolCallId, callId, toolName, input, result, error, attributes, null);
    }

    /** Without attributes (what most clients send). */
    public ToolExecutionEvent(String workspaceId, String eventId, ConversationRef conversation, AssistantRef assistant, Instant startedAt,
                              Long durationMs, String toolCallId, String callId, String toolName, JsonNode input, JsonNode result,
                              ErrorInfo error) {
        this(workspaceId, eventId, conversation, assistant, startedAt, durationMs, toolCallId, callId, toolName, input, result, error, null, null);
    }

    @Override
    public ToolExecutionEvent withConversation(ConversationRef to) {
        return new ToolExecutionEvent(workspaceId, eventId, to, assistant, startedAt, durationMs, toolCallId, callId, toolName, input, result, error, attributes, labels);
    }

    @Override
    public ToolExecutionEvent withLabels(Labels to) {
        return new ToolExecutionEvent(workspaceId, eventId, conversation, assistant, startedAt, durationMs, toolCallId, callId, toolName, input, result, error, attributes, to);
    }

    @Override
    public EventType type() {
        return EventType.TOOL_EXECUTION;
    }
}
