package io.apilogs.query.persistence.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.apilogs.model.Json;
import io.apilogs.model.event.CallContentEvent;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.LlmResponse;
import io.apilogs.model.event.ToolCall;
import io.apilogs.query.persistence.PoisonEventException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** How pieces of content sent apart from their call combine, and fill in what the call lacks. */
final class ContentMerge {
    /** The content of one call, from one or more pieces. {@code messages} is null when no piece had any. */
    record Piece(String systemPrompt, JsonNode messages, LlmResponse response) {
    }

    private ContentMerge() {
    }

    /** Pieces in the order they were sent: the first system prompt and response parts win; messages are appended. */
    static Piece combine(List<CallContentEvent> pieces) {
        List<CallContentEvent> sorted = new ArrayList<>(pieces);
        sorted.sort(Comparator.comparing(CallContentEvent::startedAt).thenComparing(CallContentEvent::eventId));
        String system = null;
        ArrayNode messages = null;
        String text = null;
        String thinking = null;
        List<ToolCall> toolCalls = List.of();
        for (CallContentEvent piece : sorted) {
            system = system != null ? system : piece.systemPrompt();
            JsonNode pieceMessages = tree(piece.messages());
            if (pieceMessages != null && pieceMessages.isArray() && !pieceMessages.isEmpty()) {
                messages = messages == null ? JsonNodeFactory.instance.arrayNode() : messages;
                messages.addAll((ArrayNode) pieceMessages);
            }
            text = text != null ? text : piece.response().text();
            thinking = thinking != null ? thinking : piece.response().thinking();
            toolCalls = !toolCalls.isEmpty() ? toolCalls : piece.response().toolCalls();
        }
        return new Piece(system, messages, new LlmResponse(text, thinking, toolCalls));
    }

    /** The call with what it lacks taken from the pieces: what the call's own span carried stays. */
    static LlmCallEvent into(LlmCallEvent call, List<CallContentEvent> pieces) {
        Piece piece = combine(pieces);
        LlmResponse own = call.response();
        LlmResponse response = new LlmResponse(own.text() != null ? own.text() : piece.response().text(),
                own.thinking() != null ? own.thinking() : piece.response().thinking(),
                !own.toolCalls().isEmpty() ? own.toolCalls() : piece.response().toolCalls());
        JsonNode ownMessages = tree(call.messages());
        JsonNode messages = ownMessages != null && !ownMessages.isEmpty() || piece.messages() == null ? call.messages() : piece.messages();
        return new LlmCallEvent(call.workspaceId(), call.eventId(), call.conversation(), call.assistant(), call.startedAt(),
                call.durationMs(), call.callId(), call.provider(), call.model(),
                call.systemPrompt() != null ? call.systemPrompt() : piece.systemPrompt(), messages, response, call.stopReason(),
                call.usage(), call.costUsd(), call.error(), call.rateLimit(), call.attributes(), call.labels());
    }

    /** The hot row's summary of tool calls (ids and names), or null for none. */
    static String toolCallSummary(LlmResponse response) {
        if (response.toolCalls().isEmpty()) {
            return null;
        }
        ArrayNode summary = JsonNodeFactory.instance.arrayNode();
        for (ToolCall toolCall : response.toolCalls()) {
            summary.addObject().put("id", toolCall.id()).put("name", toolCall.name());
        }
        return summary.toString();
    }

    /** A JSON value as a tree: a slice of a Kafka record ({@link RawJson}) is parsed. */
    private static JsonNode tree(JsonNode node) {
        if (node == null || node.isNull() || RawJson.of(node) == null) {
            return node == null || node.isNull() ? null : node;
        }
        try {
            return Json.CANONICAL.readTree(Json.CANONICAL.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new PoisonEventException("content that is not JSON", e);
        }
    }
}
