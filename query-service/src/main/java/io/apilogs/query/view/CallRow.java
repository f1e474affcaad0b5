package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;

/** One row of the explorer of calls (issue 25): a single LLM call, with its conversation's id and subject. */
@JsonPropertyOrder({"callId", "eventId", "conversationId", "subject", "assistant", "provider", "model", "startedAt", "durationMs",
        "tokens", "costUsd", "stopReason", "error", "toolCalls", "labels"})
public record CallRow(String callId, String eventId, String conversationId,
                      @Schema(description = "its conversation's subject") String subject, AssistantRef assistant, String provider,
                      String model, String startedAt, Long durationMs, Tokens tokens, BigDecimal costUsd, String stopReason,
                      @Schema(description = "{type, message, httpStatus}, or null") JsonNode error,
                      @Schema(description = "the names of the tools its response asked for") List<String> toolCalls,
                      @Schema(description = "{user, tags, metadata} its event carried, or null") JsonNode labels,
                      @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "with q (issue 26): where the search matched") List<SearchMatch> matches) {
    public CallRow(String callId, String eventId, String conversationId, String subject, AssistantRef assistant, String provider,
                   String model, String startedAt, Long durationMs, Tokens tokens, BigDecimal costUsd, String stopReason, JsonNode error,
                   List<String> toolCalls, JsonNode labels) {
        this(callId, eventId, conversationId, subject, assistant, provider, model, startedAt, durationMs, tokens, costUsd, stopReason, error,
                toolCalls, labels, null);
    }

    public CallRow withMatches(List<SearchMatch> found) {
        return new CallRow(callId, eventId, conversationId, subject, assistant, provider, model, startedAt, durationMs, tokens, costUsd,
                stopReason, error, toolCalls, labels, found);
    }
}
