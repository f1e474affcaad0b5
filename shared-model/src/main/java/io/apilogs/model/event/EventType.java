package io.apilogs.model.event;

/** The event types of API.md section 1, with their wire names. */
public enum EventType {
    LLM_CALL("llm_call"),
    TOOL_EXECUTION("tool_execution"),
    HTTP_REQUEST("http_request"),
    CONVERSATION("conversation"),
    /** Internal: made by ingest from OTLP log records, never posted by a client (see {@link CallContentEvent}). */
    CALL_CONTENT("llm_content");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The type a client may post under this name, or null (internal types included). */
    public static EventType fromWire(String value) {
        for (EventType type : values()) {
            if (type != CALL_CONTENT && type.wireName.equals(value)) {
                return type;
            }
        }
        return null;
    }
}
