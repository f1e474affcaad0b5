package io.apilogs.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The OpenTelemetry GenAI semantic conventions: {@code chat}, {@code text_completion} and {@code generate_content}
 * spans are calls, {@code execute_tool} spans tool runs, other operations ({@code invoke_agent}, ...) context only.
 * Content is read from {@code gen_ai.input.messages} / {@code gen_ai.output.messages} (on the span, or on a
 * {@code gen_ai.client.inference.operation.details} span event), or from the older flattened attributes
 * {@code gen_ai.prompt.<i>.*} / {@code gen_ai.completion.<i>.*} (OpenLLMetry before the structured messages, with
 * {@code llm.request.type} and {@code gen_ai.usage.prompt_tokens}).
 */
final class GenAiConvention implements Convention {
    static final Set<String> LLM_OPERATIONS = Set.of("chat", "text_completion", "generate_content");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> MAPPED = Set.of("gen_ai.operation.name", "gen_ai.conversation.id", "gen_ai.agent.id",
            "gen_ai.agent.name", "error.type", "gen_ai.provider.name", "gen_ai.system", "gen_ai.request.model",
            "gen_ai.response.model", "gen_ai.response.id", "gen_ai.system_instructions", "gen_ai.input.messages",
            "gen_ai.output.messages", "gen_ai.response.finish_reasons", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
            "gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_creation.input_tokens", "gen_ai.usage.reasoning.output_tokens",
            "gen_ai.usage.prompt_tokens", "gen_ai.usage.completion_tokens", "gen_ai.usage.cache_read_input_tokens",
            "gen_ai.usage.cache_creation_input_tokens", "llm.request.type", "gen_ai.tool.name", "gen_ai.tool.call.id",
            "gen_ai.tool.call.arguments", "gen_ai.tool.call.result");
    private static final String PROMPT = "gen_ai.prompt.";
    private static final String COMPLETION = "gen_ai.completion.";

    @Override
    public Kind kind(OtlpSpan span) {
        String operation = span.string("gen_ai.operation.name");
        if (operation != null) {
            return LLM_OPERATIONS.contains(operation) ? Kind.LLM_CALL : operation.equals("execute_tool") ? Kind.TOOL : Kind.OTHER;
        }
        String requestType = span.string("llm.request.type");
        if ("chat".equals(requestType) || "completion".equals(requestType)) {
            return Kind.LLM_CALL;
        }
        boolean legacyContent = span.attributes().containsKey(PROMPT + "0.role") || span.attributes().containsKey(COMPLETION + "0.role")
                || span.attributes().containsKey(PROMPT + "0.content");
        return legacyContent && (span.string("gen_ai.system") != null || span.string("gen_ai.request.model") != null) ? Kind.LLM_CALL : null;
    }

    @Override
    public boolean maps(String key) {
        return MAPPED.contains(key) || key.startsWith(PROMPT) || key.startsWith(COMPLETION);
    }

    @Override
    public void llmCall(OtlpSpan span, ObjectNode event) {
        Map<String, Object> attributes = withDetailEvents(span);
        String provider = string(attributes, "gen_ai.provider.name") != null ? string(attributes, "gen_ai.provider.name")
                : string(attributes, "gen_ai.system");
        if (provider != null) {
            event.put("provider", provider);
        }
        String model = string(attributes, "gen_ai.response.model") != null ? string(attributes, "gen_ai.response.model")
                : string(attributes, "gen_ai.request.model");
        event.put("model", model);
        String responseId = string(attributes, "gen_ai.response.id");
        if (responseId != null && responseId.matches("[A-Za-z0-9._:-]{1,128}")) {
            event.put("callId", responseId);
        }
        String system = GenAiMessages.texts(GenAiMessages.parse(attributes.get("gen_ai.system_instructions")));
        JsonNode input = GenAiMessages.parse(attributes.get("gen_ai.input.messages"));
        ObjectNode response = GenAiMessages.response(GenAiMessages.parse(attributes.get("gen_ai.output.messages")));
        if (input == null && response == null) {
            Legacy legacy = legacy(attributes);
            system = system != null ? system : legacy.system;
            input = legacy.messages;
            response = legacy.response;
            if (legacy.finish != null && !attributes.containsKey("gen_ai.response.finish_reasons")) {
                event.put("stopReason", legacy.finish);
            }
        }
        if (system == null && input != null && input.isArray()) {
            // Instrumentations that send no gen_ai.system_instructions put the system prompt among the messages.
            List<String> texts = new ArrayList<>();
            ArrayNode rest = JSON.arrayNode();
            for (JsonNode message : input) {
                String text = "system".equals(message.path("role").asText()) ? GenAiMessages.texts(message.path("parts")) : null;
                if (text != null) {
                    texts.add(text);
                } else {
                    rest.add(message);
                }
            }
            system = texts.isEmpty() ? null : String.join("\n\n", texts);
            input = texts.isEmpty() ? input : rest;
        }
        if (system != null) {
            event.put("systemPrompt", system);
        }
        if (input != null && input.isArray() && !input.isEmpty()) {
            event.set("messages", input);
        }
        if (response != null && !response.isEmpty()) {
            event.set("response", response);
        }
        Object finish = attributes.get("gen_ai.response.finish_reasons");
        if (finish instanceof List<?> reasons && !reasons.isEmpty()) {
            event.put("stopReason", String.valueOf(reasons.get(0)));
        } else if (finish instanceof String reason) {
            event.put("stopReason", reason);
        }
        ObjectNode usage = JSON.objectNode();
        putNumber(usage, "inputTokens", first(attributes, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"));
        putNumber(usage, "outputTokens", first(attributes, "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"));
        putNumber(usage, "cacheReadTokens", first(attributes, "gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_read_input_tokens"));
        putNumber(usage, "cacheWriteTokens", first(attributes, "gen_ai.usage.cache_creation.input_tokens",
                "gen_ai.usage.cache_creation_input_tokens"));
        putNumber(usage, "reasoningTokens", first(attributes, "gen_ai.usage.reasoning.output_tokens"));
        if (!usage.isEmpty()) {
            event.set("usage", usage);
        }
    }

    @Override
    public void toolExecution(OtlpSpan span, ObjectNode event) {
        String toolCallId = span.string("gen_ai.tool.call.id");
        if (toolCallId != null) {
            event.put("toolCallId", toolCallId);
        }
        String name = span.string("gen_ai.tool.name");
        if (name != null) {
            event.put("toolName", name);
        }
        JsonNode input = GenAiMessages.parse(span.attributes().get("gen_ai.tool.call.arguments"));
        if (input != null) {
            event.set("input", input);
        }
        JsonNode result = GenAiMessages.parse(span.attributes().get("gen_ai.tool.call.result"));
        if (result != null) {
            event.set("result", result);
        }
    }

    /** What the older flattened attributes hold. */
    private record Legacy(String system, ArrayNode messages, ObjectNode response, String finish) {
    }

    private static Legacy legacy(Map<String, Object> attributes) {
        TreeMap<Integer, Map<String, Object>> prompts = Indexed.group(attributes, PROMPT);
        List<String> system = new ArrayList<>();
        for (Map<String, Object> message : Indexed.ofRole(prompts, "role", true)) {
            if (Indexed.text(message, "content") != null) {
                system.add(Indexed.text(message, "content"));
            }
        }
        ArrayNode messages = JSON.arrayNode();
        for (Map<String, Object> message : Indexed.ofRole(prompts, "role", false)) {
            ObjectNode node = messages.addObject();
            node.put("role", Indexed.text(message, "role") != null ? Indexed.text(message, "role") : "user");
            if (Indexed.text(message, "content") != null) {
                node.put("content", Indexed.text(message, "content"));
            }
            ArrayNode calls = Indexed.toolCalls(message, "tool_calls.", "id", "name", "arguments");
            if (!calls.isEmpty()) {
                node.set("tool_calls", calls);
            }
            if (Indexed.text(message, "tool_call_id") != null) {
                node.put("tool_call_id", Indexed.text(message, "tool_call_id"));
            }
        }
        ObjectNode response = JSON.objectNode();
        List<String> texts = new ArrayList<>();
        ArrayNode toolCalls = JSON.arrayNode();
        String finish = null;
        for (Map<String, Object> completion : Indexed.group(attributes, COMPLETION).values()) {
            String text = Indexed.text(completion, "content");
            if (text != null && !text.isEmpty()) {
                texts.add(text);
            }
            toolCalls.addAll(Indexed.toolCalls(completion, "tool_calls.", "id", "name", "arguments"));
            finish = finish != null ? finish : Indexed.text(completion, "finish_reason");
        }
        if (!texts.isEmpty()) {
            response.put("text", String.join("\n\n", texts));
        }
        if (!toolCalls.isEmpty()) {
            response.set("toolCalls", toolCalls);
        }
        return new Legacy(system.isEmpty() ? null : String.join("\n\n", system), messages.isEmpty() ? null : messages,
                response.isEmpty() ? null : response, finish);
    }

    /**
     * The span's attributes, plus those carried by a {@code gen_ai.client.inference.operation.details} event (where
     * instrumentations that don't put content on the span put it); the span's own win.
     */
    private static Map<String, Object> withDetailEvents(OtlpSpan span) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (OtlpSpan.SpanEvent event : span.events()) {
            if (event.name().startsWith("gen_ai.")) {
                event.attributes().forEach((key, value) -> {
                    if (key.startsWith("gen_ai.")) {
                        attributes.put(key, value);
                    }
                });
            }
        }
        attributes.putAll(span.attributes());
        return attributes;
    }

    private static String string(Map<String, Object> attributes, String key) {
        return OtlpSpan.string(attributes, key);
    }

    private static Long first(Map<String, Object> attributes, String... keys) {
        for (String key : keys) {
            Long value = OtlpSpan.number(attributes, key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    static void putNumber(ObjectNode node, String field, Long value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
