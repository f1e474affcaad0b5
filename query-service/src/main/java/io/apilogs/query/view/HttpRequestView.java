package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One HTTP request a tool plugin made, with credentials redacted; bodies are truncated, the byte counts are the originals'. */
@JsonPropertyOrder({"id", "conversationId", "toolCallId", "plugin", "method", "url", "statusCode", "requestHeaders", "responseHeaders",
        "requestBody", "responseBody", "requestBodyBytes", "responseBodyBytes", "startedAt", "durationMs", "error", "attributes", "contentOmitted"})
public record HttpRequestView(String id, String conversationId, String toolCallId, String plugin, String method, String url,
                              Integer statusCode, JsonNode requestHeaders, JsonNode responseHeaders, JsonNode requestBody,
                              JsonNode responseBody, @Schema(description = "the original size, before truncation") Long requestBodyBytes,
                              @Schema(description = "the original size, before truncation") Long responseBodyBytes,
                              String startedAt, Long durationMs, JsonNode error, JsonNode attributes,
                              @JsonInclude(JsonInclude.Include.NON_NULL)
                              @Schema(description = "beyond API.md: true when a call's detail lists this item without its contents "
                                      + "(input, result, headers, bodies, attributes), because all of them would not fit the server's read "
                                      + "budget; read the item itself for them. Absent otherwise") Boolean contentOmitted) {
}
