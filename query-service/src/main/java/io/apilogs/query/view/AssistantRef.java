package io.apilogs.query.view;

/** An assistant: its id and its latest name (null when it never sent one). */
public record AssistantRef(String id, String name) {
}
