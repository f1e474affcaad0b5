package io.apilogs.model.ratelimit;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate-limit headers as providers (or clients pretending to be them) may send them, through {@link RateLimits} and
 * {@link GoDuration}: an unreadable value gives a null field, never an exception.
 */
class RateLimitsFuzzTest {
    private static final String[] NAMES = {"anthropic-ratelimit-requests-limit", "anthropic-ratelimit-requests-remaining",
            "anthropic-ratelimit-requests-reset", "anthropic-ratelimit-tokens-limit", "anthropic-ratelimit-tokens-remaining",
            "anthropic-ratelimit-tokens-reset", "anthropic-ratelimit-input-tokens-limit",
            "anthropic-ratelimit-input-tokens-remaining", "anthropic-ratelimit-input-tokens-reset",
            "anthropic-ratelimit-output-tokens-limit", "anthropic-ratelimit-output-tokens-remaining",
            "anthropic-ratelimit-output-tokens-reset", "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests",
            "x-ratelimit-reset-requests", "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens",
            "x-ratelimit-reset-tokens", "retry-after", "Retry-After", " X-RateLimit-Reset-Tokens "};
    /** A call ends between 2000 (the earliest startedAt) and 2100 plus the longest durationMs there is. */
    private static final long EARLIEST_END = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();
    private static final long LATEST_END = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond() + Long.MAX_VALUE / 1000;

    @FuzzTest(maxDuration = "5s")
    @DictionaryEntries({"1h2m3.5s", "6m0s", "12ms", "0.5s", "\u00b5s", "\u03bcs", "ns", "2026-11-25T20:01:15Z",
            "Wed, 21 Oct 2026 07:28:00 GMT", "9223372036854775807", "-", "+", ".", "1.5"})
    void readsAnyHeaders(FuzzedDataProvider data) {
        Map<String, String> headers = new LinkedHashMap<>();
        int count = data.consumeInt(0, 8);
        for (int i = 0; i < count; i++) {
            String name = data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(40);
            headers.put(name, data.consumeBoolean() ? null : data.consumeString(48));
        }
        Instant callEnd = data.consumeBoolean() ? null
                : Instant.ofEpochSecond(data.consumeLong(EARLIEST_END, LATEST_END), data.consumeInt(0, 999_999_999));

        RateLimitView view = RateLimits.normalize(headers, callEnd);

        assertThat(view.headers()).isEqualTo(headers);
        for (Window window : new Window[]{view.requests(), view.tokens(), view.inputTokens(), view.outputTokens()}) {
            if (window != null) {
                assertThat(window.limit() == null || window.limit() >= 0).isTrue();
                assertThat(window.remaining() == null || window.remaining() >= 0).isTrue();
            }
        }
        assertThat(view.retryAfterSeconds() == null || view.retryAfterSeconds() >= 0).isTrue();
        GoDuration.parse(data.consumeRemainingAsString());
    }
}
