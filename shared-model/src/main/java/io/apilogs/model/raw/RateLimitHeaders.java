package io.apilogs.model.raw;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.model.ratelimit.RateLimits;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Picks the rate-limit headers out of the captured response headers (API.md {@code rateLimit}). */
final class RateLimitHeaders {
    static final String PATH = "raw.responseHeaders";

    private RateLimitHeaders() {
    }

    /**
     * The rate-limit headers with their original names and values, in their original order; null when there are
     * none. Names are matched case-insensitively because HTTP header names are. Other headers are not read, so
     * their values may have any shape a capturing client produced.
     */
    static Map<String, String> extract(JsonNode headers, RawReader in) {
        if (headers == null) {
            return null;
        }
        Map<String, String> result = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = headers.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> header = fields.next();
            if (!RateLimits.isRateLimitHeader(header.getKey())) {
                continue;
            }
            String value = value(header.getValue());
            if (value == null) {
                in.error(RawReader.path(PATH, header.getKey()), "must be a string or a number");
            } else {
                result.put(header.getKey(), value);
            }
        }
        return result.isEmpty() ? null : result;
    }

    private static String value(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        // toPlainString keeps "1.5" from becoming "1.5E+0"-style text that no header ever carried.
        return value.isNumber() ? value.decimalValue().toPlainString() : null;
    }
}
