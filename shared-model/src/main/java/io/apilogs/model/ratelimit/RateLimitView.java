package io.apilogs.model.ratelimit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code rateLimit} object of {@code GET /v1/calls/{callId}}: the headers verbatim, plus the windows read
 * from them. A window is null when none of its headers was sent.
 */
public record RateLimitView(Map<String, String> headers, Window requests, Window tokens, Window inputTokens,
                            Window outputTokens, Long retryAfterSeconds) {
    public RateLimitView {
        // LinkedHashMap rather than Map.copyOf: keep the provider's order and tolerate null values.
        headers = headers == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
}
