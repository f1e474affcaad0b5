package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One tool execution; {@code callId} is the LLM call that asked for it (given, or found by its toolCallId). */
@JsonPropertyOrder({"id", "conversationId", "callId", "toolCallId", "toolName", "input", "result", "startedAt", "durationMs", "error", "attributes", "contentOmitted"})
public record ToolExecutionView(String id, String conversationId, String callId, String toolCallId, String toolName, JsonNode input,
                                JsonNode result, String startedAt, Long durationMs, JsonNode error, JsonNode attributes,
                                @JsonInclude(JsonInclude.Include.NON_NULL)
                                @Schema(description = "beyond API.md: true when a call's detail lists this item without its contents "
                                        + "(input, result, headers, bodies, attributes), because all of them would not fit the server's read "
                                        + "budget; read the item itself for them. Absent otherwise") Boolean contentOmitted) {
}
