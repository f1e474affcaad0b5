package io.apilogs.model.event;

import java.time.Instant;

/**
 * Conversation metadata only (subject, assistant name): no timeline item, no counts, no span.
 * {@code absorbs}, set only by ingest's OpenTelemetry mapping (never from {@code POST /v1/events}), names a stand-in
 * conversation ({@code trace-<traceId>}) whose items belong to this one: the writer moves them here, and sends later
 * items of the stand-in here too.
 */
public record ConversationEvent(
        String workspaceId,
        String eventId,
        ConversationRef conversation,
        AssistantRef assistant,
        Instant startedAt,
        Long durationMs,
        String absorbs,
        /** The end user, tags and metadata (issue 25), or null. */
        Labels labels) implements Event {

    public ConversationEvent(String workspaceId, String eventId, ConversationRef conversation, AssistantRef assistant, Instant startedAt,
                             Long durationMs, String absorbs) {
        this(workspaceId, eventId, conversation, assistant, startedAt, durationMs, absorbs, null);
    }

    public ConversationEvent(String workspaceId, String eventId, ConversationRef conversation, AssistantRef assistant, Instant startedAt,
                             Long durationMs) {
        this(workspaceId, eventId, conversation, assistant, startedAt, durationMs, null, null);
    }

    public ConversationEvent absorbing(String standIn) {
        return new ConversationEvent(workspaceId, eventId, conversation, assistant, startedAt, durationMs, standIn, labels);
    }

    @Override
    public ConversationEvent withConversation(ConversationRef to) {
        return new ConversationEvent(workspaceId, eventId, to, assistant, startedAt, durationMs, absorbs, labels);
    }

    @Override
    public ConversationEvent withLabels(Labels to) {
        return new ConversationEvent(workspaceId, eventId, conversation, assistant, startedAt, durationMs, absorbs, to);
    }

    @Override
    public EventType type() {
        return EventType.CONVERSATION;
    }
}
