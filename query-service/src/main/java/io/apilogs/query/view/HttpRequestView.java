package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One HTTP request a tool plugin made, with credentials redacted; bodies are truncated, the byte counts are the originals'. */
@JsonPropertyOrder({"id", "conversationId", "toolCallId", "plugin", "method", "url", "statusCode", "requestHeaders", "responseHeaders",
        "requestBody", "responseBody", "requestBodyBytes", "responseBodyBytes", "startedAt", "durationMs", "error", "attributes"})
public record HttpRequestView(String id, String conversationId, String toolCallId, String plugin, String method, String url,
                              Integer statusCode, JsonNode requestHeaders, JsonNode responseHeaders, JsonNode requestBody,
                              JsonNode responseBody, @Schema(description = "the original size, before truncation") Long requestBodyBytes,
                              @Schema(description = "the original size, before truncation") Long responseBodyBytes,
                              String startedAt, Long durationMs, JsonNode error, JsonNode attributes) {
}
