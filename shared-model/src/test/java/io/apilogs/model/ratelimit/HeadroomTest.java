package io.apilogs.model.ratelimit;

import io.apilogs.model.event.ErrorInfo;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HeadroomTest {
    @Test
    void anthropicSharesTakeTheLowestTokenWindow() {
        Headroom headroom = Headroom.of(Map.of(
                "anthropic-ratelimit-requests-limit", "4000", "anthropic-ratelimit-requests-remaining", "3000",
                "anthropic-ratelimit-tokens-limit", "400000", "anthropic-ratelimit-tokens-remaining", "200000",
                "Anthropic-RateLimit-Input-Tokens-Limit", "200000", "anthropic-ratelimit-input-tokens-remaining", "30000",
                "anthropic-ratelimit-output-tokens-limit", "80000", "anthropic-ratelimit-output-tokens-remaining", "79000"));
        assertThat(headroom.requests()).isEqualTo(0.75);
        assertThat(headroom.tokens()).isEqualTo(0.15);
        assertThat(headroom.lowest()).isEqualTo(0.15);
        assertThat(headroom.low()).isFalse();
    }

    @Test
    void openAiNamesGiveTheSameShares() {
        Headroom headroom = Headroom.of(Map.of(
                "x-ratelimit-limit-requests", "500", "x-ratelimit-remaining-requests", "20",
                "x-ratelimit-limit-tokens", "30000", "x-ratelimit-remaining-tokens", "29000",
                "x-ratelimit-reset-requests", "1m20s"));
        assertThat(headroom.requests()).isEqualTo(0.04);
        assertThat(headroom.tokens()).isCloseTo(29000.0 / 30000, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(headroom.low()).isTrue();
    }

    @Test
    void aShareNeedsBothItsLimitAndItsRemaining() {
        assertThat(Headroom.of(null)).isNull();
        assertThat(Headroom.of(Map.of("retry-after", "20"))).isNull();
        assertThat(Headroom.of(Map.of("x-ratelimit-remaining-requests", "20"))).isNull();
        assertThat(Headroom.of(Map.of("x-ratelimit-limit-requests", "0", "x-ratelimit-remaining-requests", "0"))).isNull();
        Headroom tokensOnly = Headroom.of(Map.of("x-ratelimit-limit-tokens", "100", "x-ratelimit-remaining-tokens", "junk",
                "anthropic-ratelimit-tokens-limit", "100", "anthropic-ratelimit-tokens-remaining", "5"));
        assertThat(tokensOnly.requests()).isNull();
        assertThat(tokensOnly.tokens()).isEqualTo(0.05);
        assertThat(tokensOnly.low()).isTrue();
        // More left than the limit (a provider's rounding) reads as all of it.
        assertThat(Headroom.of(Map.of("x-ratelimit-limit-requests", "10", "x-ratelimit-remaining-requests", "12")).requests())
                .isEqualTo(1.0);
    }

    @Test
    void rateLimitedIsA429OrARateLimitType() {
        assertThat(Headroom.rateLimited(new ErrorInfo("overloaded_error", "busy", 529))).isFalse();
        assertThat(Headroom.rateLimited(new ErrorInfo("api_error", "x", 429))).isTrue();
        assertThat(Headroom.rateLimited(new ErrorInfo("rate_limit_error", "slow down", null))).isTrue();
        assertThat(Headroom.rateLimited(new ErrorInfo("RateLimitError", "slow down", null))).isTrue();
        assertThat(Headroom.rateLimited(new ErrorInfo("rate_limit_exceeded", null, null))).isTrue();
        assertThat(Headroom.rateLimited(new ErrorInfo("timeout", null, 504))).isFalse();
        assertThat(Headroom.rateLimited(null)).isFalse();
    }
}
