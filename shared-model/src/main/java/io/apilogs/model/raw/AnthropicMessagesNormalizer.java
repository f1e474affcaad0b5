package io.apilogs.model.raw;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.ToolCall;
import io.apilogs.model.event.Usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code anthropic.messages}: the Messages API request and its non-streaming response (or error body). */
final class AnthropicMessagesNormalizer implements FormatNormalizer {
    /**
     * Stands in for a {@code redacted_thinking} block. Its {@code data} is encrypted and meaningless to a reader,
     * but dropping the block silently would make a call that did think look as if it did not.
     */
    static final String REDACTED_THINKING = "[redacted thinking]";

    /*
     * The error body carries no HTTP status and the capture has none either, but Anthropic's errors page documents
     * one status per error type, so the status is derived instead of left unknown. invalid_request_error is left
     * out on purpose: the same page says it is also used for other 4XX statuses.
     */
    private static final Map<String, Integer> STATUS_BY_ERROR_TYPE = Map.of(
            "authentication_error", 401,
            "permission_error", 403,
            "not_found_error", 404,
            "request_too_large", 413,
            "rate_limit_error", 429,
            "api_error", 500,
            "overloaded_error", 529);

    private static final Set<String> TEXT = Set.of("text");

    @Override
    public Derived normalize(JsonNode request, JsonNode response, Map<String, String> rateLimit, RawReader in) {
        String systemPrompt = in.textOf(request == null ? null : request.get("system"), REQUEST + ".system", TEXT);
        JsonNode messages = in.array(request, "messages", REQUEST);

        List<String> texts = new ArrayList<>();
        List<String> thinking = new ArrayList<>();
        List<ToolCall> toolCalls = new ArrayList<>();
        content(response, in, texts, thinking, toolCalls);

        return new Derived("anthropic", FormatNormalizer.model(request, response, in), systemPrompt, messages,
                Texts.join(texts), Texts.join(thinking), toolCalls, usage(response, in),
                in.string(response, "stop_reason", RESPONSE), rateLimit, error(response, in));
    }

    private static void content(JsonNode response, RawReader in, List<String> texts, List<String> thinking,
                                List<ToolCall> toolCalls) {
        String path = RESPONSE + ".content";
        JsonNode content = in.array(response, "content", RESPONSE);
        if (content == null) {
            return;
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = in.element(content, i, path);
            if (block == null) {
                continue;
            }
            String blockPath = RawReader.index(path, i);
            String type = in.string(block, "type", blockPath);
            if (type == null) {
                continue;
            }
            // Other block types (server_tool_use, web_search_tool_result, ...) are run by Anthropic itself:
            // they are neither text nor tool calls the client has to answer.
            switch (type) {
                case "text" -> RawReader.addIfPresent(texts, in.requiredString(block, "text", blockPath));
                case "thinking" -> RawReader.addIfPresent(thinking, in.requiredString(block, "thinking", blockPath));
                case "redacted_thinking" -> thinking.add(REDACTED_THINKING);
                case "tool_use" -> toolCalls.add(new ToolCall(in.toolCallId(block, "id", blockPath),
                        in.requiredString(block, "name", blockPath), block.get("input")));
                default -> {
                }
            }
        }
    }

    private static Usage usage(JsonNode response, RawReader in) {
        String path = RESPONSE + ".usage";
        JsonNode usage = in.object(response, "usage", RESPONSE);
        if (usage == null) {
            return null;
        }
        Long uncached = in.count(usage, "input_tokens", path);
        Long cacheRead = in.count(usage, "cache_read_input_tokens", path);
        Long output = in.count(usage, "output_tokens", path);

        String splitPath = path + ".cache_creation";
        JsonNode split = in.object(usage, "cache_creation", path);
        Long write5m = in.count(split, "ephemeral_5m_input_tokens", splitPath);
        Long write1h = in.count(split, "ephemeral_1h_input_tokens", splitPath);
        Long cacheWrite = in.count(usage, "cache_creation_input_tokens", path);
        if (cacheWrite == null && (write5m != null || write1h != null)) {
            cacheWrite = in.sum(splitPath, "ephemeral_5m_input_tokens and ephemeral_1h_input_tokens",
                    orZero(write5m), orZero(write1h));
        }
        in.checkPartOf(write1h, splitPath + ".ephemeral_1h_input_tokens", cacheWrite, "cache_creation_input_tokens");

        // Anthropic's input_tokens excludes the cache; API.md's inputTokens is the total, so the cache is added
        // back exactly once here. Without the uncached count the total is unknown, not the cache alone.
        Long input = uncached == null ? null : in.sum(path + ".input_tokens",
                "input_tokens, cache_read_input_tokens and cache_creation_input_tokens", uncached, orZero(cacheRead), orZero(cacheWrite));
        if (input == null && output == null && cacheRead == null && cacheWrite == null) {
            return null;
        }
        // Anthropic reports no separate thinking count: reasoningTokens stays null, never 0.
        return new Usage(input, output, cacheRead, cacheWrite, write1h, null);
    }

    private static ErrorInfo error(JsonNode response, RawReader in) {
        JsonNode error = in.object(response, "error", RESPONSE);
        if (error == null) {
            return null;
        }
        String path = RESPONSE + ".error";
        String type = in.string(error, "type", path);
        return new ErrorInfo(type, in.string(error, "message", path), type == null ? null : STATUS_BY_ERROR_TYPE.get(type));
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
