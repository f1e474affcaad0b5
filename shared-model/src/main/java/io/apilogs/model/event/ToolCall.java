package io.apilogs.model.event;

import com.fasterxml.jackson.databind.JsonNode;

/** A tool call requested by the model. {@code input} is JSON; arguments that were not valid JSON are kept as a string node. */
public record ToolCall(String id, String name, JsonNode input) {
}
