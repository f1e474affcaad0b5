package io.apilogs.model.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.ToolCall;
import io.apilogs.model.event.Usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code openai.responses}: Responses API request and its non-streaming response object (or error body). */
final class OpenAiResponsesNormalizer implements FormatNormalizer {
    private static final Set<String> SYSTEM_ROLES = Set.of("system", "developer");
    // Input messages use input_text; plain "text" parts are accepted too, as the chat-style shorthand.
    private static final Set<String> INPUT_TEXT = Set.of("input_text", "text");
    private static final Set<String> SUMMARY_TEXT = Set.of("summary_text");

    @Override
    public Derived normalize(JsonNode request, JsonNode response, Map<String, String> rateLimit, RawReader in) {
        List<String> system = new ArrayList<>();
        RawReader.addIfPresent(system, in.string(request, "instructions", REQUEST));
        ArrayNode messages = JsonNodeFactory.instance.arrayNode();
        splitInput(request, in, system, messages);

        Output output = output(response, in);
        String status = in.string(response, "status", RESPONSE);
        ErrorInfo error = OpenAiErrors.from(response, in);
        if (error == null && "failed".equals(status)) {
            // A failed call must count as an error even when the provider left its error object out.
            error = new ErrorInfo("failed", null, null);
        }
        return new Derived("openai", FormatNormalizer.model(request, response, in), Texts.join(system), messages,
                Texts.join(output.texts), Texts.join(output.thinking), output.toolCalls, usage(response, in),
                stopReason(response, status, output, in), rateLimit, error);
    }

    /** API.md: a bare string input is one user message; system/developer items belong to the system prompt. */
    private static void splitInput(JsonNode request, RawReader in, List<String> system, ArrayNode messages) {
        String path = REQUEST + ".input";
        JsonNode input = request == null ? null : request.get("input");
        if (RawReader.absent(input)) {
            return;
        }
        if (input.isTextual()) {
            ObjectNode message = messages.addObject();
            message.put("role", "user");
            message.set("content", input);
            return;
        }
        if (!input.isArray()) {
            in.error(path, "must be a string or an array");
            return;
        }
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = in.element(input, i, path);
            if (item == null) {
                continue;
            }
            String itemPath = RawReader.index(path, i);
            if (RawReader.isOneOf(in.string(item, "role", itemPath), SYSTEM_ROLES)) {
                RawReader.addIfPresent(system, in.textOf(item.get("content"), itemPath + ".content", INPUT_TEXT));
            } else {
                // Tool outputs, earlier function calls and reasoning items are part of the conversation as sent.
                messages.add(item);
            }
        }
    }

    /** What the output items hold, gathered in one pass. */
    private record Output(List<String> texts, List<String> thinking, List<ToolCall> toolCalls) {
    }

    private static Output output(JsonNode response, RawReader in) {
        Output result = new Output(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        String path = RESPONSE + ".output";
        JsonNode items = in.array(response, "output", RESPONSE);
        if (items == null) {
            return result;
        }
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = in.element(items, i, path);
            if (item == null) {
                continue;
            }
            String itemPath = RawReader.index(path, i);
            String type = in.string(item, "type", itemPath);
            if (type == null) {
                continue;
            }
            // Built-in tool items (web_search_call, file_search_call, ...) run at OpenAI: no client tool call.
            switch (type) {
                case "message" -> messageText(item, itemPath, in, result.texts);
                case "reasoning" -> RawReader.addIfPresent(result.thinking,
                        in.textOf(in.array(item, "summary", itemPath), itemPath + ".summary", SUMMARY_TEXT));
                case "function_call" -> result.toolCalls.add(new ToolCall(in.toolCallId(item, "call_id", itemPath),
                        in.requiredString(item, "name", itemPath),
                        Texts.arguments(in.string(item, "arguments", itemPath))));
                case "custom_tool_call" -> {
                    // Custom tools take free text, not JSON: the text is the input, kept as a string.
                    String input = in.string(item, "input", itemPath);
                    result.toolCalls.add(new ToolCall(in.toolCallId(item, "call_id", itemPath),
                            in.requiredString(item, "name", itemPath), input == null ? null : TextNode.valueOf(input)));
                }
                default -> {
                }
            }
        }
        return result;
    }

    /** output_text parts, and refusal parts: a refusal is the model's answer and would otherwise be lost. */
    private static void messageText(JsonNode item, String itemPath, RawReader in, List<String> texts) {
        String path = itemPath + ".content";
        JsonNode content = in.array(item, "content", itemPath);
        if (content == null) {
            return;
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = in.element(content, i, path);
            if (part == null) {
                continue;
            }
            String partPath = RawReader.index(path, i);
            String type = in.string(part, "type", partPath);
            if ("output_text".equals(type)) {
                RawReader.addIfPresent(texts, in.requiredString(part, "text", partPath));
            } else if ("refusal".equals(type)) {
                RawReader.addIfPresent(texts, in.requiredString(part, "refusal", partPath));
            }
        }
    }

    /**
     * The Responses API has no stop reason; API.md derives one, in this order. Other statuses (cancelled,
     * in_progress, queued) are passed through, since stopReason is an open set.
     */
    private static String stopReason(JsonNode response, String status, Output output, RawReader in) {
        boolean functionCall = !output.toolCalls.isEmpty();
        if (functionCall) {
            return "tool_calls";
        }
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "completed" -> "stop";
            case "incomplete" -> {
                String reason = in.string(in.object(response, "incomplete_details", RESPONSE), "reason",
                        RESPONSE + ".incomplete_details");
                yield reason != null ? reason : "incomplete";
            }
            case "failed" -> "error";
            default -> status;
        };
    }

    private static Usage usage(JsonNode response, RawReader in) {
        String path = RESPONSE + ".usage";
        JsonNode usage = in.object(response, "usage", RESPONSE);
        if (usage == null) {
            return null;
        }
        Long input = in.count(usage, "input_tokens", path);
        Long output = in.count(usage, "output_tokens", path);
        Long cached = in.count(in.object(usage, "input_tokens_details", path), "cached_tokens",
                path + ".input_tokens_details");
        Long reasoning = in.count(in.object(usage, "output_tokens_details", path), "reasoning_tokens",
                path + ".output_tokens_details");
        in.checkPartOf(cached, path + ".input_tokens_details.cached_tokens", input, "input_tokens");
        in.checkPartOf(reasoning, path + ".output_tokens_details.reasoning_tokens", output, "output_tokens");
        if (input == null && output == null && cached == null && reasoning == null) {
            return null;
        }
        // Same meaning as API.md already: cached is inside input_tokens, reasoning inside output_tokens.
        // OpenAI bills no cache writes, so they are unknown (null), not 0.
        return new Usage(input, output, cached, null, null, reasoning);
    }
}
