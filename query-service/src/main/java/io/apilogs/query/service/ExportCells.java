package io.apilogs.query.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.query.view.CallRow;
import io.apilogs.query.view.ConversationView;
import io.apilogs.query.view.ItemRows;

import java.util.ArrayList;
import java.util.List;

/** The CSV columns of each export (issue 25) and a row's cells in their order; list cells join their values with {@code ;}. */
final class ExportCells {
    private ExportCells() {
    }

    static final List<String> CONVERSATION_COLUMNS = List.of("conversationId", "subject", "assistantId", "assistantName", "callCount",
            "toolCount", "httpCount", "errorCount", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens",
            "reasoningTokens", "totalTokens", "costUsd", "unpricedCallCount", "firstAt", "lastAt", "durationMs", "models", "tools",
            "userId", "userName", "tags");

    static List<Object> conversation(ConversationView c) {
        List<Object> cells = new ArrayList<>();
        cells.add(c.conversationId());
        cells.add(c.subject());
        cells.add(c.assistant() == null ? null : c.assistant().id());
        cells.add(c.assistant() == null ? null : c.assistant().name());
        cells.add(c.callCount());
        cells.add(c.toolCount());
        cells.add(c.httpCount());
        cells.add(c.errorCount());
        cells.add(c.tokens().input());
        cells.add(c.tokens().output());
        cells.add(c.tokens().cacheRead());
        cells.add(c.tokens().cacheWrite());
        cells.add(c.tokens().reasoning());
        cells.add(c.tokens().total());
        cells.add(c.costUsd());
        cells.add(c.unpricedCallCount());
        cells.add(c.firstAt());
        cells.add(c.lastAt());
        cells.add(c.durationMs());
        cells.add(String.join(";", c.models()));
        cells.add(String.join(";", c.tools()));
        cells.add(c.user() == null ? null : c.user().id());
        cells.add(c.user() == null ? null : c.user().name());
        cells.add(String.join(";", c.tags()));
        return cells;
    }

    static final List<String> CALL_COLUMNS = List.of("callId", "eventId", "conversationId", "subject", "assistantId", "assistantName",
            "provider", "model", "startedAt", "durationMs", "inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens",
            "reasoningTokens", "totalTokens", "costUsd", "stopReason", "errorType", "errorMessage", "errorHttpStatus", "toolCalls",
            "userId", "userName", "tags", "metadata");

    static List<Object> call(CallRow c) {
        List<Object> cells = new ArrayList<>();
        cells.add(c.callId());
        cells.add(c.eventId());
        cells.add(c.conversationId());
        cells.add(c.subject());
        cells.add(c.assistant().id());
        cells.add(c.assistant().name());
        cells.add(c.provider());
        cells.add(c.model());
        cells.add(c.startedAt());
        cells.add(c.durationMs());
        cells.add(c.tokens().input());
        cells.add(c.tokens().output());
        cells.add(c.tokens().cacheRead());
        cells.add(c.tokens().cacheWrite());
        cells.add(c.tokens().reasoning());
        cells.add(c.tokens().total());
        cells.add(c.costUsd());
        cells.add(c.stopReason());
        error(cells, c.error(), true);
        cells.add(String.join(";", c.toolCalls()));
        labels(cells, c.labels());
        return cells;
    }

    static final List<String> TOOL_COLUMNS = List.of("id", "conversationId", "subject", "assistantId", "assistantName", "callId",
            "toolCallId", "toolName", "startedAt", "durationMs", "errorType", "errorMessage", "userId", "userName", "tags", "metadata");

    static List<Object> tool(ItemRows.ToolRow t) {
        List<Object> cells = item(t.id(), t.conversationId(), t.subject(), t.assistant());
        cells.add(t.callId());
        cells.add(t.toolCallId());
        cells.add(t.toolName());
        cells.add(t.startedAt());
        cells.add(t.durationMs());
        error(cells, t.error(), false);
        labels(cells, t.labels());
        return cells;
    }

    static final List<String> HTTP_COLUMNS = List.of("id", "conversationId", "subject", "assistantId", "assistantName", "toolCallId",
            "plugin", "method", "url", "statusCode", "startedAt", "durationMs", "requestBodyBytes", "responseBodyBytes", "errorType",
            "errorMessage", "userId", "userName", "tags", "metadata");

    static List<Object> http(ItemRows.HttpRow h) {
        List<Object> cells = item(h.id(), h.conversationId(), h.subject(), h.assistant());
        cells.add(h.toolCallId());
        cells.add(h.plugin());
        cells.add(h.method());
        cells.add(h.url());
        cells.add(h.statusCode());
        cells.add(h.startedAt());
        cells.add(h.durationMs());
        cells.add(h.requestBodyBytes());
        cells.add(h.responseBodyBytes());
        error(cells, h.error(), false);
        labels(cells, h.labels());
        return cells;
    }

    /** The cells every item starts with: its id, its conversation's id and subject, its assistant's id and name. */
    private static List<Object> item(String id, String conversationId, String subject, io.apilogs.query.view.AssistantRef assistant) {
        return new ArrayList<>(java.util.Arrays.asList(id, conversationId, subject, assistant.id(), assistant.name()));
    }

    /** errorType, errorMessage and (for calls) errorHttpStatus. */
    private static void error(List<Object> cells, JsonNode error, boolean withStatus) {
        boolean failed = error != null && error.isObject();
        cells.add(failed && error.hasNonNull("type") ? error.get("type").asText() : null);
        cells.add(failed && error.hasNonNull("message") ? error.get("message").asText() : null);
        if (withStatus) {
            cells.add(failed && error.hasNonNull("httpStatus") ? (Object) error.get("httpStatus").asLong() : null);
        }
    }

    /** userId, userName, tags and metadata (as JSON) of an item's labels. */
    private static void labels(List<Object> cells, JsonNode node) {
        JsonNode labels = node == null || node.isNull() ? null : node;
        JsonNode user = labels == null ? null : labels.get("user");
        cells.add(user == null || user.isNull() ? null : user.path("id").asText(null));
        cells.add(user == null || user.isNull() ? null : user.path("name").asText(null));
        List<String> tags = new ArrayList<>();
        if (labels != null && labels.path("tags").isArray()) {
            labels.get("tags").forEach(tag -> tags.add(tag.asText()));
        }
        cells.add(String.join(";", tags));
        cells.add(labels == null || !labels.path("metadata").isObject() ? null : labels.get("metadata").toString());
    }
}
