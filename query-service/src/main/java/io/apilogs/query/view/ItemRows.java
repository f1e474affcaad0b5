package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Rows and pages of the explorers of tool executions and tools' HTTP requests (issue 25). */
public final class ItemRows {
    private ItemRows() {
    }

    @JsonPropertyOrder({"id", "conversationId", "subject", "assistant", "callId", "toolCallId", "toolName", "startedAt", "durationMs",
            "error", "labels"})
    public record ToolRow(String id, String conversationId, @Schema(description = "its conversation's subject") String subject,
                          AssistantRef assistant, String callId, String toolCallId, String toolName, String startedAt, Long durationMs,
                          JsonNode error, JsonNode labels) {
    }

    @JsonPropertyOrder({"id", "conversationId", "subject", "assistant", "toolCallId", "plugin", "method", "url", "statusCode",
            "startedAt", "durationMs", "requestBodyBytes", "responseBodyBytes", "error", "labels"})
    public record HttpRow(String id, String conversationId, @Schema(description = "its conversation's subject") String subject,
                          AssistantRef assistant, String toolCallId, String plugin, String method, String url, Integer statusCode,
                          String startedAt, Long durationMs, Long requestBodyBytes, Long responseBodyBytes, JsonNode error, JsonNode labels) {
    }

    public record ToolPage(List<ToolRow> items, String nextCursor) {
    }

    public record HttpPage(List<HttpRow> items, String nextCursor) {
    }
}
