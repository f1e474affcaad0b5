package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;

/** One row of the activity log: a whole conversation, whatever filter selected it. */
@JsonPropertyOrder({"conversationId", "subject", "assistant", "callCount", "toolCount", "httpCount", "errorCount", "tokens",
        "costUsd", "unpricedCallCount", "firstAt", "lastAt", "durationMs", "models", "tools", "user", "tags"})
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
                + "empty for conversations stored before this field existed") List<String> tools,
        @Schema(description = "beyond API.md (issue 25): the end user of its latest event that named one, or null")
        io.apilogs.model.event.UserRef user,
        @Schema(description = "beyond API.md (issue 25): the tags of all its events, sorted") List<String> tags,
        /** Every user, tag and metadata value its events carried ({@code u:}, {@code t:}, {@code m:}), for the live filter. */
        @JsonIgnore List<String> labels) {
}
