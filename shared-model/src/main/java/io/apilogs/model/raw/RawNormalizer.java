package io.apilogs.model.raw;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.model.validation.FieldError;

import java.util.List;
import java.util.Map;

/**
 * Derives the llm_call fields of API.md from a {@code raw} capture
 * ({@code {"format","request","response","responseHeaders"}}), following PROVIDERS.md for each format.
 *
 * <p>Missing parts are tolerated: a capture without a request or a response yields what the other part gives.
 * A part that is present but has the wrong type, or a field that is read and has the wrong type, is an error,
 * because deriving around it would store numbers or texts the provider never sent. Error paths start with
 * {@code raw.}; unknown fields and block types are ignored, since provider formats keep growing.
 *
 * <p>Pure and thread-safe: no I/O, no state.
 */
public final class RawNormalizer {
    private static final FormatNormalizer ANTHROPIC_MESSAGES = new AnthropicMessagesNormalizer();
    private static final FormatNormalizer OPENAI_CHAT = new OpenAiChatNormalizer();
    private static final FormatNormalizer OPENAI_RESPONSES = new OpenAiResponsesNormalizer();

    private RawNormalizer() {
    }

    /**
     * The outcome: {@code derived} when {@code errors} is empty, otherwise null, because an event with an invalid
     * {@code raw} is rejected whole and a partial derivation would only invite using it.
     */
    public record Result(Derived derived, List<FieldError> errors) {
        public Result {
            errors = errors == null ? List.of() : List.copyOf(errors);
        }
    }

    public static Result normalize(JsonNode raw) {
        RawReader in = new RawReader();
        if (RawReader.absent(raw) || !raw.isObject()) {
            in.error("raw", "must be an object");
            return new Result(null, in.errors());
        }
        FormatNormalizer normalizer = normalizer(raw, in);
        JsonNode request = in.object(raw, "request", "raw");
        JsonNode response = in.object(raw, "response", "raw");
        Map<String, String> rateLimit = RateLimitHeaders.extract(in.object(raw, "responseHeaders", "raw"), in);
        if (normalizer == null) {
            return new Result(null, in.errors());
        }
        Derived derived = normalizer.normalize(request, response, rateLimit, in);
        List<FieldError> errors = in.errors();
        return new Result(errors.isEmpty() ? derived : null, errors);
    }

    private static FormatNormalizer normalizer(JsonNode raw, RawReader in) {
        JsonNode node = raw.get("format");
        if (RawReader.absent(node)) {
            in.error("raw.format", "is required");
            return null;
        }
        RawFormat format = node.isTextual() ? RawFormat.fromWire(node.textValue()) : null;
        if (format == null) {
            in.error("raw.format", "must be one of " + RawFormat.WIRE_NAMES);
            return null;
        }
        return switch (format) {
            case ANTHROPIC_MESSAGES -> ANTHROPIC_MESSAGES;
            case OPENAI_CHAT -> OPENAI_CHAT;
            case OPENAI_RESPONSES -> OPENAI_RESPONSES;
        };
    }
}
