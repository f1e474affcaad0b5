package io.apilogs.model.event;

/** The event types of API.md section 1, with their wire names. */
public enum EventType {
    LLM_CALL("llm_call"),
    TOOL_EXECUTION("tool_execution"),
    HTTP_REQUEST("http_request"),
    CONVERSATION("conversation");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static EventType fromWire(String value) {
        for (EventType type : values()) {
            if (type.wireName.equals(value)) {
                return type;
            }
        }
        return null;
    }
}
