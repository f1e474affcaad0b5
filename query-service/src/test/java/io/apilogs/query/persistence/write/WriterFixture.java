package io.apilogs.query.persistence.write;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.apilogs.model.cost.CostCalculator;
import io.apilogs.model.cost.PriceTable;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.LlmResponse;
import io.apilogs.model.event.ToolCall;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.model.event.Usage;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Events for the writer's part tests: each test uses its own workspace, so tests never see each other's rows. */
final class WriterFixture {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    final String workspaceId = "ws_parts_" + UUID.randomUUID();

    LlmCallEvent call(String eventId, String callId, String conversationId, Instant at) {
        return call(eventId, callId, conversationId, at, "You are a careful assistant.", "assistant-a", null);
    }

    LlmCallEvent call(String eventId, String callId, String conversationId, Instant at, String systemPrompt,
                      String assistantId, String assistantName) {
        return new LlmCallEvent(workspaceId, eventId, new ConversationRef(conversationId, "Subject of " + conversationId),
                new AssistantRef(assistantId, assistantName), at, 1500L, callId, "anthropic", "claude-haiku-4-5", systemPrompt,
                JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode().put("role", "user").put("content", "Hi")),
                new LlmResponse("Hello", "thinking it over",
                        List.of(new ToolCall("toolu_1", "search", JsonNodeFactory.instance.objectNode().put("q", "x")))),
                "tool_use", new Usage(1000L, 200L, 300L, null, null, null), null, null,
                Map.of("anthropic-ratelimit-requests-remaining", "99"));
    }

    ToolExecutionEvent tool(String eventId, String conversationId, Instant at) {
        return new ToolExecutionEvent(workspaceId, eventId, new ConversationRef(conversationId, null), new AssistantRef("assistant-a", null),
                at, 40L, "toolu_1", "call-1", "search", JsonNodeFactory.instance.objectNode().put("q", "x"),
                JsonNodeFactory.instance.textNode("3 results"), null);
    }

    HttpRequestEvent http(String eventId, String conversationId, Instant at) {
        return new HttpRequestEvent(workspaceId, eventId, new ConversationRef(conversationId, null), new AssistantRef("assistant-a", null),
                at, 25L, "search-plugin", "toolu_1", "GET", "https://search.example/q?x", 503,
                Map.of("accept", "application/json"), Map.of("retry-after", "1"), null,
                JsonNodeFactory.instance.objectNode().put("error", "busy"), 0L, 15L, new ErrorInfo("http_error", "busy", 503));
    }

    static BatchPlan plan(List<Event> accepted) {
        return BatchPlan.of(accepted, ws -> PriceTable.empty(), new CostCalculator());
    }
}
