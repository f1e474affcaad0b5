package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The full detail of one LLM call, with the tool executions and HTTP requests its tool calls caused. */
@JsonPropertyOrder({"callId", "eventId", "conversationId", "assistant", "provider", "model", "startedAt", "durationMs",
        "systemPrompt", "messages", "response", "toolExecutions", "httpRequests", "stopReason", "usage", "costUsd", "cost",
        "error", "rateLimit", "attributes", "labels"})
public record CallDetail(String callId, String eventId, String conversationId, AssistantRef assistant, String provider, String model,
                         String startedAt, Long durationMs, SystemPrompt systemPrompt,
                         @Schema(description = "the request messages as the client sent them") JsonNode messages,
                         Response response, List<ToolExecutionView> toolExecutions, List<HttpRequestView> httpRequests,
                         String stopReason, Usage usage, BigDecimal costUsd, Cost cost, JsonNode error, RateLimit rateLimit,
                         @Schema(description = "beyond API.md: other attributes the source reported (OpenTelemetry span attributes "
                                 + "no field maps), or null") JsonNode attributes,
                         @Schema(description = "beyond API.md (issue 25): the end user, tags and metadata the call's event carried, "
                                 + "{user: {id, name}, tags: [...], metadata: {...}}, or null") JsonNode labels) {

    /** The system prompt, stored once per workspace by the SHA-256 of its UTF-8 text. */
    @Schema(name = "CallSystemPrompt")
    public record SystemPrompt(String sha256, String text) {
    }

    @Schema(name = "CallResponse")
    @JsonPropertyOrder({"text", "thinking", "toolCalls"})
    public record Response(String text, String thinking, @Schema(description = "[{id, name, input}]") JsonNode toolCalls) {
    }

    @Schema(name = "CallUsage")
    @JsonPropertyOrder({"inputTokens", "outputTokens", "cacheReadTokens", "cacheWriteTokens", "cacheWrite1hTokens", "reasoningTokens"})
    public record Usage(Long inputTokens, Long outputTokens, Long cacheReadTokens, Long cacheWriteTokens, Long cacheWrite1hTokens,
                        Long reasoningTokens) {
    }

    /** The provider's rate-limit headers verbatim, and each window normalized to an absolute reset time. */
    @Schema(name = "CallRateLimit")
    @JsonPropertyOrder({"headers", "requests", "tokens", "inputTokens", "outputTokens", "retryAfterSeconds"})
    public record RateLimit(Map<String, String> headers, Window requests, Window tokens, Window inputTokens, Window outputTokens,
                            Long retryAfterSeconds) {
    }

    @Schema(name = "RateLimitWindow")
    @JsonPropertyOrder({"limit", "remaining", "resetAt"})
    public record Window(Long limit, Long remaining, String resetAt) {
    }
}
