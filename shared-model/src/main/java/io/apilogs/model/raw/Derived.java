package io.apilogs.model.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.ToolCall;
import io.apilogs.model.event.Usage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The llm_call fields derived from a {@code raw} capture, already in the meaning of API.md (notably {@link Usage}'s
 * single token meaning). Explicit top-level event fields win over these, field by field.
 *
 * @param provider     {@code anthropic} or {@code openai}
 * @param model        the response's model, falling back to the request's
 * @param systemPrompt system blocks or system/developer messages joined with a blank line; null when there are none
 * @param messages     the request messages without system/developer ones, content kept as sent; never null
 * @param text         text output joined with a blank line; null when the response has no text part
 * @param thinking     thinking/reasoning output joined with a blank line; null when there is none
 * @param toolCalls    tool calls requested by the model, never null
 * @param usage        null when the response reports no usage
 * @param stopReason   as the provider said it (derived for {@code openai.responses})
 * @param rateLimit    rate-limit response headers verbatim, in their original order; null when there are none
 * @param error        the provider's error, null when the call did not fail
 */
public record Derived(String provider, String model, String systemPrompt, JsonNode messages, String text,
                      String thinking, List<ToolCall> toolCalls, Usage usage, String stopReason,
                      Map<String, String> rateLimit, ErrorInfo error) {

    public Derived {
        messages = messages == null ? JsonNodeFactory.instance.arrayNode() : messages;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        rateLimit = rateLimit == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(rateLimit));
    }
}
