package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/** One tool execution; {@code callId} is the LLM call that asked for it (given, or found by its toolCallId). */
@JsonPropertyOrder({"id", "conversationId", "callId", "toolCallId", "toolName", "input", "result", "startedAt", "durationMs", "error", "attributes"})
public record ToolExecutionView(String id, String conversationId, String callId, String toolCallId, String toolName, JsonNode input,
                                JsonNode result, String startedAt, Long durationMs, JsonNode error, JsonNode attributes) {
}
