package io.apilogs.model.event;

import java.time.Instant;

/** Conversation metadata only (subject, assistant name): no timeline item, no counts, no span. */
public record ConversationEvent(
        String workspaceId,
        String eventId,
        ConversationRef conversation,
        AssistantRef assistant,
        Instant startedAt,
        Long durationMs) implements Event {

    @Override
    public EventType type() {
        return EventType.CONVERSATION;
    }
}
