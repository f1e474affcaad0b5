package io.apilogs.model.raw;

import java.util.Arrays;

/** The provider wire formats a {@code raw} capture may be in (API.md, {@code raw.format}). */
public enum RawFormat {
    ANTHROPIC_MESSAGES("anthropic.messages"),
    OPENAI_CHAT("openai.chat"),
    OPENAI_RESPONSES("openai.responses");

    /** The list quoted in validation messages, so they can never drift from the enum. */
    static final String WIRE_NAMES = String.join(", ", Arrays.stream(values()).map(RawFormat::wireName).toList());

    private final String wireName;

    RawFormat(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The format with this exact (case-sensitive) wire name, or null when there is none. */
    public static RawFormat fromWire(String value) {
        for (RawFormat format : values()) {
            if (format.wireName.equals(value)) {
                return format;
            }
        }
        return null;
    }
}
