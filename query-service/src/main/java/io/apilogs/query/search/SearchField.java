package io.apilogs.query.search;

import java.util.EnumSet;
import java.util.Set;

/**
 * The parts of a conversation content search looks in (issue 26), as {@code in=} names them. A call has its
 * system prompt, messages, response, thinking, tool-call inputs, error, attributes and metadata; a tool execution its input, result,
 * error, attributes and metadata; an HTTP request its URL, bodies, error, attributes and metadata. Every item also
 * matches on its conversation's subject.
 */
public enum SearchField {
    SUBJECT("subject"),
    SYSTEM("system"),
    MESSAGES("messages"),
    RESPONSE("response"),
    THINKING("thinking"),
    TOOL_INPUT("toolInput"),
    TOOL_RESULT("toolResult"),
    ERROR("error"),
    URL("url"),
    BODY("body"),
    ATTRIBUTES("attributes"),
    METADATA("metadata");

    public final String wire;

    SearchField(String wire) {
        this.wire = wire;
    }

    public static SearchField fromWire(String value) {
        for (SearchField field : values()) {
            if (field.wire.equals(value)) {
                return field;
            }
        }
        return null;
    }

    public static Set<SearchField> all() {
        return EnumSet.allOf(SearchField.class);
    }
}
