package io.apilogs.query.view;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
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
        @JsonIgnore List<String> labels,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "with q (issue 26): where the search matched: the subject, or items of the conversation (itemId, kind)")
        List<ConversationMatch> matches) {
    public ConversationView(String conversationId, String subject, AssistantRef assistant, int callCount, int toolCount, int httpCount,
                            int errorCount, Tokens tokens, BigDecimal costUsd, int unpricedCallCount, String firstAt, String lastAt,
                            Long durationMs, List<String> models, List<String> tools, io.apilogs.model.event.UserRef user, List<String> tags,
                            List<String> labels) {
        this(conversationId, subject, assistant, callCount, toolCount, httpCount, errorCount, tokens, costUsd, unpricedCallCount, firstAt,
                lastAt, durationMs, models, tools, user, tags, labels, null);
    }

    public ConversationView withMatches(List<ConversationMatch> found) {
        return new ConversationView(conversationId, subject, assistant, callCount, toolCount, httpCount, errorCount, tokens, costUsd,
                unpricedCallCount, firstAt, lastAt, durationMs, models, tools, user, tags, labels, found);
    }

    /**
     * A match in a conversation: in its subject ({@code kind} "conversation", no item), or in one of its items:
     * {@code kind} "llm_call" ({@code itemId} the callId), "tool_execution" or "http_request" (the eventId), with the item's
     * start time, for the timeline to open at it.
     */
    /** Every match in one conversation, in timeline order, and whether the list stopped early (issue 26). */
    public record Matches(List<ConversationMatch> items, boolean truncated) {
    }

    public record ConversationMatch(String kind, String itemId, String startedAt, String field, String snippet, List<Integer> highlight) {
    }
}
