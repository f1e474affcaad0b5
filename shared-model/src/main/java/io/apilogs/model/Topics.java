package io.apilogs.model;

/** Kafka topic names shared by the services. */
public final class Topics {
    /** Canonical events, keyed by {@code workspaceId:conversationId} so one conversation stays on one partition. */
    public static final String EVENTS = "apilogs.events";
    /** Events the writer can never store, with the reason in the record headers. */
    public static final String EVENTS_DLQ = "apilogs.events.dlq";

    private Topics() {
    }

    public static String eventKey(String workspaceId, String conversationId) {
        return workspaceId + ":" + conversationId;
    }
}
