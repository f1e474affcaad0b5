package io.apilogs.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * OpenInference (Arize Phoenix's conventions): {@code openinference.span.kind} LLM spans are calls, TOOL spans tool
 * runs; AGENT, CHAIN and the other kinds only carry context ({@code session.id}, {@code user.id}). Messages come
 * flattened ({@code llm.input_messages.<i>.message.role}, {@code .content}, {@code .tool_calls.<j>.tool_call.*});
 * tokens in {@code llm.token_count.*}, where {@code prompt} includes {@code prompt_details.cache_read} and
 * {@code completion} includes {@code completion_details.reasoning}, as in OpenAI's usage.
 */
final class OpenInferenceSpans implements Convention {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> MAPPED = Set.of("openinference.span.kind", "llm.model_name", "llm.provider", "llm.system",
            "llm.finish_reason", "session.id", "input.value", "input.mime_type", "output.value", "output.mime_type", "tool.name", "tool.id",
            "tool_call.id");
    private static final String INPUT = "llm.input_messages.";
    private static final String OUTPUT = "llm.output_messages.";

    @Override
    public Kind kind(OtlpSpan span) {
        String kind = span.string("openinference.span.kind");
        if (kind == null) {
            return null;
        }
        return switch (kind.toUpperCase(Locale.ROOT)) {
            case "LLM" -> Kind.LLM_CALL;
            case "TOOL" -> Kind.TOOL;
            default -> Kind.OTHER;
        };
    }

    @Override
    public boolean maps(String key) {
        return MAPPED.contains(key) || key.startsWith(INPUT) || key.startsWith(OUTPUT) || key.startsWith("llm.token_count.");
    }

    @Override
    public void llmCall(OtlpSpan span, ObjectNode event) {
        String provider = span.string("llm.provider") != null ? span.string("llm.provider") : span.string("llm.system");
        if (provider != null) {
            event.put("provider", provider);
        }
        event.put("model", span.string("llm.model_name"));
        JsonNode output = "application/json".equals(span.string("output.mime_type")) ? GenAiMessages.parse(span.string("output.value")) : null;
        if (output != null && output.path("id").isTextual()) {
            event.put("callId", output.path("id").asText());
        }
        TreeMap<Integer, Map<String, Object>> input = Indexed.group(span.attributes(), INPUT);
        List<String> system = new ArrayList<>();
        for (Map<String, Object> message : Indexed.ofRole(input, "message.role", true)) {
            String text = content(message);
            if (text != null) {
                system.add(text);
            }
        }
        if (!system.isEmpty()) {
            event.put("systemPrompt", String.join("\n\n", system));
        }
        ArrayNode messages = JSON.arrayNode();
        for (Map<String, Object> message : Indexed.ofRole(input, "message.role", false)) {
            messages.add(chatMessage(message));
        }
        if (!messages.isEmpty()) {
            event.set("messages", messages);
        }
        ObjectNode response = JSON.objectNode();
        List<String> texts = new ArrayList<>();
        ArrayNode toolCalls = JSON.arrayNode();
        for (Map<String, Object> message : Indexed.group(span.attributes(), OUTPUT).values()) {
            String text = content(message);
            if (text != null && !text.isEmpty()) {
                texts.add(text);
            }
            toolCalls.addAll(Indexed.toolCalls(message, "message.tool_calls.", "tool_call.id", "tool_call.function.name",
                    "tool_call.function.arguments"));
        }
        if (!texts.isEmpty()) {
            response.put("text", String.join("\n\n", texts));
        }
        if (!toolCalls.isEmpty()) {
            response.set("toolCalls", toolCalls);
        }
        if (!response.isEmpty()) {
            event.set("response", response);
        }
        String finish = span.string("llm.finish_reason");
        if (finish == null && output != null) {
            finish = output.path("choices").path(0).path("finish_reason").asText(null);
        }
        if (finish != null) {
            event.put("stopReason", finish);
        }
        ObjectNode usage = JSON.objectNode();
        GenAiConvention.putNumber(usage, "inputTokens", span.number("llm.token_count.prompt"));
        GenAiConvention.putNumber(usage, "outputTokens", span.number("llm.token_count.completion"));
        GenAiConvention.putNumber(usage, "cacheReadTokens", span.number("llm.token_count.prompt_details.cache_read"));
        GenAiConvention.putNumber(usage, "cacheWriteTokens", span.number("llm.token_count.prompt_details.cache_write"));
        GenAiConvention.putNumber(usage, "reasoningTokens", span.number("llm.token_count.completion_details.reasoning"));
        if (!usage.isEmpty()) {
            event.set("usage", usage);
        }
    }

    /** A message's text: {@code message.content}, else its text parts ({@code message.contents.<k>.message_content.text}). */
    private static String content(Map<String, Object> message) {
        String content = Indexed.text(message, "message.content");
        if (content != null) {
            return content;
        }
        List<String> parts = new ArrayList<>();
        for (Map<String, Object> part : Indexed.group(message, "message.contents.").values()) {
            String text = Indexed.text(part, "message_content.text");
            if (text != null) {
                parts.add(text);
            }
        }
        return parts.isEmpty() ? null : String.join("\n\n", parts);
    }

    /** A request message in OpenAI's chat shape. */
    private static ObjectNode chatMessage(Map<String, Object> message) {
        ObjectNode node = JSON.objectNode();
        node.put("role", Indexed.text(message, "message.role"));
        String content = content(message);
        if (content != null) {
            node.put("content", content);
        }
        ArrayNode toolCalls = JSON.arrayNode();
        for (Map<String, Object> call : Indexed.group(message, "message.tool_calls.").values()) {
            ObjectNode function = JSON.objectNode().put("name", Indexed.text(call, "tool_call.function.name"))
                    .put("arguments", Indexed.text(call, "tool_call.function.arguments"));
            toolCalls.addObject().put("id", Indexed.text(call, "tool_call.id")).put("type", "function").set("function", function);
        }
        if (!toolCalls.isEmpty()) {
            node.set("tool_calls", toolCalls);
        }
        String toolCallId = Indexed.text(message, "message.tool_call_id");
        if (toolCallId != null) {
            node.put("tool_call_id", toolCallId);
        }
        String name = Indexed.text(message, "message.name");
        if (name != null) {
            node.put("name", name);
        }
        return node;
    }

    @Override
    public void toolExecution(OtlpSpan span, ObjectNode event) {
        String id = span.string("tool.id") != null ? span.string("tool.id") : span.string("tool_call.id");
        if (id != null) {
            event.put("toolCallId", id);
        }
        event.put("toolName", span.string("tool.name") != null ? span.string("tool.name") : span.name());
        JsonNode input = GenAiMessages.parse(span.attributes().get("input.value"));
        if (input != null) {
            event.set("input", input);
        }
        JsonNode result = GenAiMessages.parse(span.attributes().get("output.value"));
        if (result != null) {
            event.set("result", result);
        }
    }
}
