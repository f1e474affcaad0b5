package io.apilogs.model;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Builds JSON trees from fuzzer data over a vocabulary of field names and words, so that fuzz tests reach the
 * field-by-field readers behind a parser instead of spending their time on JSON syntax. Half of the names and
 * strings come from the vocabulary, half are arbitrary; numbers cover the edges (negatives, beyond a long,
 * decimals, exponents).
 */
public final class FuzzJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Field names of the three provider formats (PROVIDERS.md), for {@link #rawCapture}. */
    private static final String[] RAW_NAMES = {"model", "messages", "role", "content", "type", "text", "system",
            "thinking", "id", "name", "input", "usage", "input_tokens", "output_tokens", "cache_read_input_tokens",
            "cache_creation_input_tokens", "cache_creation", "ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens",
            "stop_reason", "error", "message", "choices", "finish_reason", "tool_calls", "function", "arguments",
            "custom", "refusal", "reasoning_content", "prompt_tokens", "completion_tokens", "prompt_tokens_details",
            "cached_tokens", "completion_tokens_details", "reasoning_tokens", "instructions", "output", "status",
            "call_id", "summary", "incomplete_details", "reason", "input_tokens_details", "output_tokens_details",
            "code", "data", "retry-after", "x-ratelimit-remaining-tokens", "anthropic-ratelimit-requests-reset"};
    private static final String[] RAW_WORDS = {"text", "tool_use", "thinking", "redacted_thinking", "function",
            "custom", "function_call", "custom_tool_call", "message", "output_text", "refusal", "reasoning",
            "summary_text", "input_text", "system", "developer", "user", "assistant", "completed", "incomplete",
            "failed", "max_output_tokens", "end_turn", "tool_calls", "call_1", "toolu_01", "bad id", "overloaded_error",
            "{\"city\":\"Paris\"}", "{\"city\":", "", " ", "claude-sonnet-4-5", "gpt-4o", "\u0000"};
    private static final String[] FORMATS = {"anthropic.messages", "openai.chat", "openai.responses"};

    private final FuzzedDataProvider data;
    private final String[] names;
    private final String[] words;

    public FuzzJson(FuzzedDataProvider data, String[] names, String[] words) {
        this.data = data;
        this.names = names;
        this.words = words;
    }

    /** Any JSON value; containers only while {@code depth > 0}. */
    public JsonNode value(int depth) {
        return switch (data.consumeInt(0, depth > 0 ? 9 : 7)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(data.consumeBoolean());
            case 2 -> NODES.numberNode(data.consumeInt(-2, 1000));
            case 3 -> NODES.numberNode(data.consumeLong());
            case 4 -> NODES.numberNode(BigInteger.valueOf(data.consumeLong()).shiftLeft(data.consumeInt(0, 80)));
            case 5 -> NODES.numberNode(BigDecimal.valueOf(data.consumeLong(), data.consumeInt(-20, 20)));
            case 6, 7 -> NODES.textNode(word());
            case 8 -> array(depth - 1);
            default -> object(depth - 1);
        };
    }

    public ObjectNode object(int depth) {
        ObjectNode object = NODES.objectNode();
        int size = data.consumeInt(0, 6);
        for (int i = 0; i < size; i++) {
            object.set(name(), value(depth));
        }
        return object;
    }

    public ArrayNode array(int depth) {
        ArrayNode array = NODES.arrayNode();
        int size = data.consumeInt(0, 4);
        for (int i = 0; i < size; i++) {
            array.add(value(depth));
        }
        return array;
    }

    public String name() {
        return data.consumeBoolean() ? data.pickValue(names) : data.consumeString(24);
    }

    public String word() {
        return data.consumeBoolean() ? data.pickValue(words) : data.consumeString(48);
    }

    public FuzzedDataProvider data() {
        return data;
    }

    /** A {@code raw} capture: mostly a known format with request, response and headers built over the providers' names. */
    public static JsonNode rawCapture(FuzzedDataProvider data) {
        FuzzJson json = new FuzzJson(data, RAW_NAMES, RAW_WORDS);
        if (data.consumeInt(0, 15) == 0) {
            return json.value(3);
        }
        ObjectNode raw = NODES.objectNode();
        if (data.consumeInt(0, 7) > 0) {
            raw.put("format", data.pickValue(FORMATS));
        } else {
            raw.set("format", json.value(1));
        }
        for (String part : new String[]{"request", "response", "responseHeaders"}) {
            switch (data.consumeInt(0, 5)) {
                case 0 -> {
                }
                case 1 -> raw.set(part, json.value(1));
                default -> raw.set(part, json.object(5));
            }
        }
        return raw;
    }
}
