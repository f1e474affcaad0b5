package io.apilogs.model.ratelimit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitsTest {
    private static final Instant END = Instant.parse("2026-11-25T20:00:00Z");

    @Test
    void anthropicWindows() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("anthropic-ratelimit-requests-limit", "50");
        headers.put("anthropic-ratelimit-requests-remaining", "49");
        headers.put("anthropic-ratelimit-requests-reset", "2026-11-25T20:00:01Z");
        headers.put("anthropic-ratelimit-tokens-limit", "90000");
        headers.put("anthropic-ratelimit-tokens-remaining", "89000");
        headers.put("anthropic-ratelimit-tokens-reset", "2026-11-25T21:00:06.5+01:00");
        headers.put("anthropic-ratelimit-input-tokens-remaining", "40000");
        headers.put("anthropic-ratelimit-output-tokens-limit", "16000");
        headers.put("request-id", "req_1");

        RateLimitView view = RateLimits.normalize(headers, END);

        assertThat(view.headers()).containsExactlyEntriesOf(headers);
        assertThat(view.requests()).isEqualTo(new Window(50L, 49L, Instant.parse("2026-11-25T20:00:01Z")));
        assertThat(view.tokens()).isEqualTo(new Window(90000L, 89000L, Instant.parse("2026-11-25T20:00:06.500Z")));
        assertThat(view.inputTokens()).isEqualTo(new Window(null, 40000L, null));
        assertThat(view.outputTokens()).isEqualTo(new Window(16000L, null, null));
        assertThat(view.retryAfterSeconds()).isNull();
    }

    @Test
    void openAiResetsCountFromTheCallEnd() {
        Map<String, String> headers = Map.of(
                "x-ratelimit-limit-requests", "500",
                "x-ratelimit-remaining-requests", "499",
                "x-ratelimit-reset-requests", "120ms",
                "x-ratelimit-limit-tokens", "30000",
                "x-ratelimit-remaining-tokens", "29000",
                "x-ratelimit-reset-tokens", "6m0s");

        RateLimitView view = RateLimits.normalize(headers, END);

        assertThat(view.requests()).isEqualTo(new Window(500L, 499L, END.plusMillis(120)));
        assertThat(view.tokens()).isEqualTo(new Window(30000L, 29000L, END.plusSeconds(360)));
        assertThat(view.inputTokens()).isNull();
        assertThat(view.outputTokens()).isNull();
    }

    @Test
    void namesMatchCaseInsensitivelyAndHeadersStayVerbatim() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-RateLimit-Remaining-Requests", " 7 ");
        headers.put("Anthropic-RateLimit-Tokens-Limit", "100");
        headers.put("Retry-After", "30");

        RateLimitView view = RateLimits.normalize(headers, END);

        assertThat(view.headers()).containsExactlyEntriesOf(headers);
        assertThat(view.requests()).isEqualTo(new Window(null, 7L, null));
        assertThat(view.tokens()).isEqualTo(new Window(100L, null, null));
        assertThat(view.retryAfterSeconds()).isEqualTo(30L);
    }

    @Test
    void badValuesBecomeNullFieldsButKeepTheWindow() {
        Map<String, String> headers = Map.of(
                "anthropic-ratelimit-requests-limit", "lots",
                "anthropic-ratelimit-requests-remaining", "-1",
                "anthropic-ratelimit-requests-reset", "tomorrow",
                "x-ratelimit-reset-tokens", "60",
                "x-ratelimit-limit-tokens", "99999999999999999999",
                "retry-after", "soon");

        RateLimitView view = RateLimits.normalize(headers, END);

        assertThat(view.requests()).isEqualTo(new Window(null, null, null));
        assertThat(view.tokens()).isEqualTo(new Window(null, null, null));
        assertThat(view.retryAfterSeconds()).isNull();
    }

    @Test
    void nullAndEmpty() {
        assertThat(RateLimits.normalize(null, END)).isNull();
        assertThat(RateLimits.normalize(Map.of(), END))
                .isEqualTo(new RateLimitView(Map.of(), null, null, null, null, null));
        Map<String, String> withNull = new HashMap<>();
        withNull.put("x-ratelimit-remaining-requests", null);
        withNull.put(null, "1");
        RateLimitView view = RateLimits.normalize(withNull, END);
        assertThat(view.requests()).isNull();
        assertThat(view.headers()).containsEntry("x-ratelimit-remaining-requests", null);
    }

    @Test
    void relativeResetWithoutCallEndIsUnknownButAbsoluteOneIsKept() {
        RateLimitView view = RateLimits.normalize(Map.of(
                "x-ratelimit-reset-requests", "1s",
                "anthropic-ratelimit-tokens-reset", "2026-11-25T20:00:01Z"), null);
        assertThat(view.requests()).isEqualTo(new Window(null, null, null));
        assertThat(view.tokens().resetAt()).isEqualTo(Instant.parse("2026-11-25T20:00:01Z"));
    }

    @Test
    void anthropicWinsOverOpenAiFieldByField() {
        RateLimitView view = RateLimits.normalize(Map.of(
                "anthropic-ratelimit-requests-limit", "bad",
                "x-ratelimit-limit-requests", "10",
                "anthropic-ratelimit-requests-remaining", "3",
                "x-ratelimit-remaining-requests", "4"), END);
        assertThat(view.requests()).isEqualTo(new Window(10L, 3L, null));
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "5, 5",
            "1.2, 2",
            "'Wed, 25 Nov 2026 20:00:30 GMT', 30",
            "'Wed, 25 Nov 2026 19:59:00 GMT', 0",
    })
    void retryAfter(String value, long expected) {
        assertThat(RateLimits.normalize(Map.of("retry-after", value), END).retryAfterSeconds()).isEqualTo(expected);
    }

    @Test
    void retryAfterDateRoundsUpAndNeedsTheCallEnd() {
        Instant end = END.minusMillis(1);
        assertThat(RateLimits.normalize(Map.of("retry-after", "Wed, 25 Nov 2026 20:00:30 GMT"), end).retryAfterSeconds())
                .isEqualTo(31L);
        assertThat(RateLimits.normalize(Map.of("retry-after", "Wed, 25 Nov 2026 20:00:30 GMT"), null).retryAfterSeconds())
                .isNull();
    }

    @ParameterizedTest
    @CsvSource({
            "1s, PT1S",
            "6m0s, PT6M",
            "12ms, PT0.012S",
            "20ms, PT0.02S",
            "1h2m3.5s, PT1H2M3.5S",
            "0.5s, PT0.5S",
            ".5s, PT0.5S",
            "0, PT0S",
            "1m30s, PT1M30S",
            "1.5h, PT1H30M",
            "100us, PT0.0001S",
            "100µs, PT0.0001S",
            "7ns, PT0.000000007S",
            "'  2s ', PT2S",
            "-1.5s, PT-1.5S",
    })
    void goDurations(String text, String expected) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "1", "00", "s", "1x", "1.2.3s", ".s", "1s2", "-", "1 s", "1S", "9999999999h"})
    void notGoDurations(String text) {
        assertThat(GoDuration.parse(text)).isNull();
    }
}
