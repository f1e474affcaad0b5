package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.DiscriminatorMapping;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;

/**
 * A timeline item: an LLM call, a tool execution or a tool's HTTP request. Fields that do not apply to a kind are
 * absent. {@code seq} increases in commit order within the conversation; {@code id} is the callId of a call and the
 * eventId of the others.
 */
@Schema(oneOf = {TimelineItem.LlmCall.class, TimelineItem.ToolExecution.class, TimelineItem.HttpRequest.class},
        discriminatorProperty = "kind", discriminatorMapping = {
        @DiscriminatorMapping(value = "llm_call", schema = TimelineItem.LlmCall.class),
        @DiscriminatorMapping(value = "tool_execution", schema = TimelineItem.ToolExecution.class),
        @DiscriminatorMapping(value = "http_request", schema = TimelineItem.HttpRequest.class)})
public sealed interface TimelineItem {
    long seq();

    String kind();

    String id();

    /** A tool call an LLM call asked for, as listed on its timeline item. */
    record ToolCallRef(String id, String name) {
    }

    @Schema(name = "TimelineLlmCall")
    @JsonPropertyOrder({"seq", "kind", "id", "startedAt", "durationMs", "model", "tokens", "costUsd", "cost", "stopReason",
            "systemPromptSha256", "toolCalls", "error"})
    record LlmCall(long seq, @Schema(enumeration = "llm_call") String kind, String id, String startedAt, Long durationMs,
                   String model, Tokens tokens, BigDecimal costUsd, Cost cost, String stopReason,
                   @Schema(description = "beyond API.md: marks where the system prompt changes") String systemPromptSha256,
                   List<ToolCallRef> toolCalls, JsonNode error) implements TimelineItem {
    }

    @Schema(name = "TimelineToolExecution")
    @JsonPropertyOrder({"seq", "kind", "id", "startedAt", "durationMs", "toolName", "toolCallId", "error"})
    record ToolExecution(long seq, @Schema(enumeration = "tool_execution") String kind, String id, String startedAt, Long durationMs,
                         String toolName, String toolCallId, JsonNode error) implements TimelineItem {
    }

    @Schema(name = "TimelineHttpRequest")
    @JsonPropertyOrder({"seq", "kind", "id", "startedAt", "durationMs", "toolCallId", "method", "url", "statusCode", "error"})
    record HttpRequest(long seq, @Schema(enumeration = "http_request") String kind, String id, String startedAt, Long durationMs,
                       String toolCallId, String method, String url, Integer statusCode, JsonNode error) implements TimelineItem {
    }
}
