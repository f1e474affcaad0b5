package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonInclude;
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
                          JsonNode error, JsonNode labels, @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "with q (issue 26): where the search matched") List<SearchMatch> matches) {
        public ToolRow(String id, String conversationId, String subject, AssistantRef assistant, String callId, String toolCallId,
                       String toolName, String startedAt, Long durationMs, JsonNode error, JsonNode labels) {
            this(id, conversationId, subject, assistant, callId, toolCallId, toolName, startedAt, durationMs, error, labels, null);
        }

        public ToolRow withMatches(List<SearchMatch> found) {
            return new ToolRow(id, conversationId, subject, assistant, callId, toolCallId, toolName, startedAt, durationMs, error, labels, found);
        }
    }

    @JsonPropertyOrder({"id", "conversationId", "subject", "assistant", "toolCallId", "plugin", "method", "url", "statusCode",
            "startedAt", "durationMs", "requestBodyBytes", "responseBodyBytes", "error", "labels"})
    public record HttpRow(String id, String conversationId, @Schema(description = "its conversation's subject") String subject,
                          AssistantRef assistant, String toolCallId, String plugin, String method, String url, Integer statusCode,
                          String startedAt, Long durationMs, Long requestBodyBytes, Long responseBodyBytes, JsonNode error, JsonNode labels,
                          @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "with q (issue 26): where the search matched") List<SearchMatch> matches) {
        public HttpRow(String id, String conversationId, String subject, AssistantRef assistant, String toolCallId, String plugin,
                       String method, String url, Integer statusCode, String startedAt, Long durationMs, Long requestBodyBytes,
                       Long responseBodyBytes, JsonNode error, JsonNode labels) {
            this(id, conversationId, subject, assistant, toolCallId, plugin, method, url, statusCode, startedAt, durationMs, requestBodyBytes,
                    responseBodyBytes, error, labels, null);
        }

        public HttpRow withMatches(List<SearchMatch> found) {
            return new HttpRow(id, conversationId, subject, assistant, toolCallId, plugin, method, url, statusCode, startedAt, durationMs,
                    requestBodyBytes, responseBodyBytes, error, labels, found);
        }
    }

    public record ToolPage(List<ToolRow> items, String nextCursor,
                           @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "with q (issue 26): how far the search went")
                           SearchProgress search) {
        public ToolPage(List<ToolRow> items, String nextCursor) {
            this(items, nextCursor, null);
        }
    }

    public record HttpPage(List<HttpRow> items, String nextCursor,
                           @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "with q (issue 26): how far the search went")
                           SearchProgress search) {
        public HttpPage(List<HttpRow> items, String nextCursor) {
            this(items, nextCursor, null);
        }
    }
}
