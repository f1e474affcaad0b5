package io.apilogs.model.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.apilogs.model.event.ToolCall;
import io.apilogs.model.event.Usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code openai.chat}: Chat Completions request and its non-streaming response (or error body). */
final class OpenAiChatNormalizer implements FormatNormalizer {
    private static final Set<String> SYSTEM_ROLES = Set.of("system", "developer");
    private static final Set<String> TEXT = Set.of("text");

    @Override
    public Derived normalize(JsonNode request, JsonNode response, Map<String, String> rateLimit, RawReader in) {
        List<String> system = new ArrayList<>();
        ArrayNode messages = JsonNodeFactory.instance.arrayNode();
        splitMessages(request, in, system, messages);

        // Only the first choice is the call's answer: n > 1 is rare, and API.md has one response per call.
        String choicePath = RESPONSE + ".choices[0]";
        JsonNode choice = firstChoice(response, in);
        JsonNode message = in.object(choice, "message", choicePath);
        String messagePath = choicePath + ".message";

        return new Derived("openai", FormatNormalizer.model(request, response, in), Texts.join(system), messages,
                text(message, messagePath, in), in.string(message, "reasoning_content", messagePath),
                toolCalls(message, messagePath, in), usage(response, in),
                in.string(choice, "finish_reason", choicePath), rateLimit, OpenAiErrors.from(response, in));
    }

    private static void splitMessages(JsonNode request, RawReader in, List<String> system, ArrayNode messages) {
        String path = REQUEST + ".messages";
        JsonNode all = in.array(request, "messages", REQUEST);
        if (all == null) {
            return;
        }
        for (int i = 0; i < all.size(); i++) {
            JsonNode message = in.element(all, i, path);
            if (message == null) {
                continue;
            }
            String messagePath = RawReader.index(path, i);
            if (RawReader.isOneOf(in.string(message, "role", messagePath), SYSTEM_ROLES)) {
                RawReader.addIfPresent(system, in.textOf(message.get("content"), messagePath + ".content", TEXT));
            } else {
                messages.add(message);
            }
        }
    }

    private static JsonNode firstChoice(JsonNode response, RawReader in) {
        JsonNode choices = in.array(response, "choices", RESPONSE);
        return choices == null || choices.isEmpty() ? null : in.element(choices, 0, RESPONSE + ".choices");
    }

    /** The content, or else the refusal: a refusal is the model's answer and would otherwise be lost. */
    private static String text(JsonNode message, String path, RawReader in) {
        if (message == null) {
            return null;
        }
        String content = in.textOf(message.get("content"), path + ".content", TEXT);
        return content != null ? content : in.string(message, "refusal", path);
    }

    private static List<ToolCall> toolCalls(JsonNode message, String messagePath, RawReader in) {
        List<ToolCall> result = new ArrayList<>();
        String path = messagePath + ".tool_calls";
        JsonNode calls = in.array(message, "tool_calls", messagePath);
        if (calls == null) {
            return result;
        }
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = in.element(calls, i, path);
            if (call == null) {
                continue;
            }
            String callPath = RawReader.index(path, i);
            String type = in.string(call, "type", callPath);
            // "custom" tools take free text, not JSON arguments; the text is the input, kept as a string.
            if ("custom".equals(type)) {
                JsonNode custom = in.object(call, "custom", callPath);
                if (custom != null) {
                    String input = in.string(custom, "input", callPath + ".custom");
                    result.add(new ToolCall(in.toolCallId(call, "id", callPath),
                            in.requiredString(custom, "name", callPath + ".custom"),
                            input == null ? null : TextNode.valueOf(input)));
                }
                continue;
            }
            JsonNode function = in.object(call, "function", callPath);
            if (function == null) {
                in.error(callPath + ".function", "is required");
                continue;
            }
            String functionPath = callPath + ".function";
            result.add(new ToolCall(in.toolCallId(call, "id", callPath),
                    in.requiredString(function, "name", functionPath),
                    Texts.arguments(in.string(function, "arguments", functionPath))));
        }
        return result;
    }

    private static Usage usage(JsonNode response, RawReader in) {
        String path = RESPONSE + ".usage";
        JsonNode usage = in.object(response, "usage", RESPONSE);
        if (usage == null) {
            return null;
        }
        Long prompt = in.count(usage, "prompt_tokens", path);
        Long completion = in.count(usage, "completion_tokens", path);
        Long cached = in.count(in.object(usage, "prompt_tokens_details", path), "cached_tokens",
                path + ".prompt_tokens_details");
        Long reasoning = in.count(in.object(usage, "completion_tokens_details", path), "reasoning_tokens",
                path + ".completion_tokens_details");
        in.checkPartOf(cached, path + ".prompt_tokens_details.cached_tokens", prompt, "prompt_tokens");
        in.checkPartOf(reasoning, path + ".completion_tokens_details.reasoning_tokens", completion, "completion_tokens");
        if (prompt == null && completion == null && cached == null && reasoning == null) {
            return null;
        }
        // Same meaning as API.md already: cached is inside prompt_tokens, reasoning inside completion_tokens.
        // OpenAI caches implicitly and bills no writes, so cache writes are unknown (null), not 0.
        return new Usage(prompt, completion, cached, null, null, reasoning);
    }
}
