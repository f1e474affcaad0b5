package io.apilogs.model.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;

/** An event in canonical form: validated, normalized, ready for Kafka. The workspace comes from the key, never the payload. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LlmCallEvent.class, name = "llm_call"),
        @JsonSubTypes.Type(value = ToolExecutionEvent.class, name = "tool_execution"),
        @JsonSubTypes.Type(value = HttpRequestEvent.class, name = "http_request"),
        @JsonSubTypes.Type(value = ConversationEvent.class, name = "conversation"),
        @JsonSubTypes.Type(value = CallContentEvent.class, name = "llm_content"),
})
public sealed interface Event permits LlmCallEvent, ToolExecutionEvent, HttpRequestEvent, ConversationEvent, CallContentEvent {
    String workspaceId();

    String eventId();

    ConversationRef conversation();

    AssistantRef assistant();

    Instant startedAt();

    Long durationMs();

    @JsonIgnore
    EventType type();

    /** The end user, tags and metadata it carries (issue 25), or null. */
    default Labels labels() {
        return null;
    }

    /** The same event carrying these labels (the parser adds them once the event is otherwise built). */
    default Event withLabels(Labels labels) {
        return this;
    }

    /** The same event in another conversation (the subject it names moves with it). */
    Event withConversation(ConversationRef conversation);

    /** When the event ended, for the conversation span: {@code startedAt + durationMs}. */
    @JsonIgnore
    default Instant endedAt() {
        return durationMs() == null ? startedAt() : startedAt().plusMillis(durationMs());
    }
}
