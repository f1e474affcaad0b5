package io.apilogs.model.event;

public record ConversationRef(String id, String subject) {
}
