package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;

/** One row of the activity log: a whole conversation, whatever filter selected it. */
@JsonPropertyOrder({"conversationId", "subject", "assistant", "callCount", "toolCount", "httpCount", "errorCount", "tokens",
        "costUsd", "unpricedCallCount", "firstAt", "lastAt", "durationMs", "models", "tools"})
public record ConversationView(
        String conversationId,
        String subject,
        AssistantRef assistant,
        int callCount,
        int toolCount,
        int httpCount,
        @Schema(description = "calls, tool executions and HTTP requests with an error or an HTTP status of 400 or more") int errorCount,
        Tokens tokens,
        @Schema(description = "the sum of the known costs; null only when no call is priced") BigDecimal costUsd,
        int unpricedCallCount,
        @Schema(description = "the earliest startedAt") String firstAt,
        @Schema(description = "the latest startedAt + durationMs") String lastAt,
        @Schema(description = "lastAt - firstAt") Long durationMs,
        List<String> models,
        @Schema(description = "beyond API.md (issue 25): the tools its calls asked for or its tool executions ran, by name; "
                + "empty for conversations stored before this field existed") List<String> tools) {
}
