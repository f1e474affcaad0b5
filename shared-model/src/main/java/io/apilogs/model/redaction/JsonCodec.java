package io.apilogs.model.redaction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.apilogs.model.Json;

/** Parsing and compact writing of bodies, keeping numbers exactly as sent (no double rounding, no stripped zeros). */
final class JsonCodec {
    // Jackson's default limits, and a number Java cannot hold is a parse error: the body is then kept as text.
    private static final ObjectMapper MAPPER = JsonMapper.builder(Json.untrustedFactory(
                    StreamReadConstraints.defaults().getMaxNestingDepth(), StreamReadConstraints.defaults().getMaxStringLength()))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private JsonCodec() {
    }

    /** The parsed tree, or null when the text is not exactly one JSON value (Jackson's default depth and size limits apply). */
    static JsonNode parseOrNull(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // Only reachable for trees nested beyond Jackson's write limit, which ingest validation rules out.
            throw new IllegalArgumentException("JSON body cannot be serialized: " + e.getOriginalMessage(), e);
        }
    }
}
