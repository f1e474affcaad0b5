package io.apilogs.model.event;

import java.util.List;

public record LlmResponse(String text, String thinking, List<ToolCall> toolCalls) {
    public static final LlmResponse EMPTY = new LlmResponse(null, null, List.of());

    public LlmResponse {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }
}
