package io.apilogs.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Vercel AI SDK's telemetry ({@code experimental_telemetry}): each model step is a {@code ai.generateText.doGenerate}
 * or {@code ai.streamText.doStream} span (and their object twins), each tool run an {@code ai.toolCall} span. The outer
 * {@code ai.generateText} / {@code ai.streamText} span sums its steps' usage, so it is not a call: counting it too would
 * count every token twice. {@code ai.usage.inputTokens} includes {@code ai.usage.cachedInputTokens}.
 */
final class VercelAiSpans implements Convention {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final Set<String> CALLS = Set.of("ai.generateText.doGenerate", "ai.streamText.doStream", "ai.generateObject.doGenerate",
            "ai.streamObject.doStream");
    private static final Set<String> MAPPED = Set.of("ai.operationId", "operation.name", "ai.model.provider", "ai.model.id", "gen_ai.system",
            "gen_ai.request.model", "gen_ai.response.model", "gen_ai.response.id", "gen_ai.response.finish_reasons",
            "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "ai.prompt.messages", "ai.response.text", "ai.response.toolCalls",
            "ai.response.object", "ai.response.reasoning", "ai.response.finishReason", "ai.response.id", "ai.response.model",
            "ai.toolCall.name", "ai.toolCall.id", "ai.toolCall.args", "ai.toolCall.input", "ai.toolCall.result", "ai.toolCall.output",
            "ai.telemetry.metadata.conversationId", "ai.telemetry.metadata.conversation_id", "ai.telemetry.metadata.sessionId",
            "ai.telemetry.metadata.session_id");

    @Override
    public Kind kind(OtlpSpan span) {
        String operation = span.string("ai.operationId");
        if (operation == null) {
            return null;
        }
        return CALLS.contains(operation) ? Kind.LLM_CALL : operation.equals("ai.toolCall") ? Kind.TOOL : Kind.OTHER;
    }

    @Override
    public boolean maps(String key) {
        return MAPPED.contains(key) || key.startsWith("ai.usage.");
    }

    private static String first(OtlpSpan span, String... keys) {
        for (String key : keys) {
            String value = span.string(key);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    private static Long number(OtlpSpan span, String... keys) {
        for (String key : keys) {
            Long value = span.number(key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    @Override
    public void llmCall(OtlpSpan span, ObjectNode event) {
        String provider = first(span, "ai.model.provider", "gen_ai.system");
        if (provider != null) {
            // "openai.chat", "anthropic.messages": the provider, then the API.
            event.put("provider", provider.contains(".") ? provider.substring(0, provider.indexOf('.')) : provider);
        }
        event.put("model", first(span, "ai.response.model", "gen_ai.response.model", "ai.model.id", "gen_ai.request.model"));
        String id = first(span, "ai.response.id", "gen_ai.response.id");
        if (id != null) {
            event.put("callId", id);
        }
        JsonNode prompt = GenAiMessages.parse(span.attributes().get("ai.prompt.messages"));
        if (prompt != null && prompt.isArray()) {
            List<String> system = new ArrayList<>();
            ArrayNode messages = JSON.arrayNode();
            for (JsonNode message : prompt) {
                if ("system".equals(message.path("role").asText())) {
                    String text = text(message.path("content"));
                    if (text != null) {
                        system.add(text);
                    }
                } else {
                    messages.add(message);
                }
            }
            if (!system.isEmpty()) {
                event.put("systemPrompt", String.join("\n\n", system));
            }
            if (!messages.isEmpty()) {
                event.set("messages", messages);
            }
        }
        ObjectNode response = JSON.objectNode();
        String text = first(span, "ai.response.text", "ai.response.object");
        if (text != null) {
            response.put("text", text);
        }
        String reasoning = first(span, "ai.response.reasoning");
        if (reasoning != null) {
            response.put("thinking", reasoning);
        }
        JsonNode calls = GenAiMessages.parse(span.attributes().get("ai.response.toolCalls"));
        if (calls != null && calls.isArray() && !calls.isEmpty()) {
            ArrayNode toolCalls = response.putArray("toolCalls");
            for (JsonNode call : calls) {
                JsonNode input = call.has("input") ? call.get("input") : call.get("args");
                input = input != null && input.isTextual() ? GenAiMessages.parse(input.asText()) : input;
                toolCalls.addObject().put("id", call.path("toolCallId").asText(null)).put("name", call.path("toolName").asText(null))
                        .set("input", input == null ? JSON.objectNode() : input);
            }
        }
        if (!response.isEmpty()) {
            event.set("response", response);
        }
        String finish = first(span, "ai.response.finishReason");
        if (finish != null) {
            event.put("stopReason", finish);
        }
        ObjectNode usage = JSON.objectNode();
        GenAiConvention.putNumber(usage, "inputTokens", number(span, "ai.usage.inputTokens", "ai.usage.promptTokens", "gen_ai.usage.input_tokens"));
        GenAiConvention.putNumber(usage, "outputTokens", number(span, "ai.usage.outputTokens", "ai.usage.completionTokens",
                "gen_ai.usage.output_tokens"));
        GenAiConvention.putNumber(usage, "cacheReadTokens", number(span, "ai.usage.cachedInputTokens", "ai.usage.inputTokenDetails.cacheReadTokens"));
        GenAiConvention.putNumber(usage, "cacheWriteTokens", number(span, "ai.usage.inputTokenDetails.cacheWriteTokens"));
        GenAiConvention.putNumber(usage, "reasoningTokens", number(span, "ai.usage.reasoningTokens", "ai.usage.outputTokenDetails.reasoningTokens"));
        if (!usage.isEmpty()) {
            event.set("usage", usage);
        }
    }

    /** A message's content as text: a string, or its text parts joined. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                texts.add(part.path("text").asText());
            }
        }
        return texts.isEmpty() ? null : String.join("\n\n", texts);
    }

    @Override
    public void toolExecution(OtlpSpan span, ObjectNode event) {
        String id = span.string("ai.toolCall.id");
        if (id != null) {
            event.put("toolCallId", id);
        }
        event.put("toolName", span.string("ai.toolCall.name") != null ? span.string("ai.toolCall.name") : span.name());
        JsonNode input = GenAiMessages.parse(span.attributes().get(span.attributes().containsKey("ai.toolCall.args") ? "ai.toolCall.args"
                : "ai.toolCall.input"));
        if (input != null) {
            event.set("input", input);
        }
        JsonNode result = GenAiMessages.parse(span.attributes().get(span.attributes().containsKey("ai.toolCall.result") ? "ai.toolCall.result"
                : "ai.toolCall.output"));
        if (result != null) {
            event.set("result", result);
        }
    }
}
