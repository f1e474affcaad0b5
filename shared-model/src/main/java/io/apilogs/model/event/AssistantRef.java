package io.apilogs.model.event;

public record AssistantRef(String id, String name) {
}
