package io.apilogs.model.ratelimit;

import io.apilogs.model.event.ErrorInfo;

import java.util.Locale;
import java.util.Map;

/**
 * How close a call ran to its provider's limits: the share of requests and of tokens left, read from its rate-limit
 * headers (Anthropic's and OpenAI's names alike, {@link RateLimits}). A share is remaining ÷ limit in [0, 1], null
 * when the headers do not give both. For tokens it is the lowest of the windows sent: Anthropic's tokens,
 * input-tokens and output-tokens, OpenAI's tokens.
 */
public record Headroom(Double requests, Double tokens) {
    /** Under this share left, a call counts as made with low headroom. */
    public static final double LOW = 0.10;

    /** The headroom of a call's rate-limit headers, or null when they give no share at all. */
    public static Headroom of(Map<String, String> headers) {
        RateLimitView view = RateLimits.normalize(headers, null);
        if (view == null) {
            return null;
        }
        Double requests = share(view.requests());
        Double tokens = lower(lower(share(view.tokens()), share(view.inputTokens())), share(view.outputTokens()));
        return requests == null && tokens == null ? null : new Headroom(requests, tokens);
    }

    /** The lower of the two shares, or null when neither is known. */
    public Double lowest() {
        return lower(requests, tokens);
    }

    /** Whether either share is under {@link #LOW}. */
    public boolean low() {
        Double lowest = lowest();
        return lowest != null && lowest < LOW;
    }

    /**
     * Whether an error is a provider's rate-limit refusal: HTTP 429, or a type that says so (Anthropic's
     * {@code rate_limit_error}, OpenAI's {@code rate_limit_exceeded}, SDK names such as {@code RateLimitError}). The
     * roll-ups' rebuild matches the same in SQL ({@code UsageRollups}).
     */
    public static boolean rateLimited(ErrorInfo error) {
        if (error == null) {
            return false;
        }
        if (error.httpStatus() != null && error.httpStatus() == 429) {
            return true;
        }
        return error.type() != null && error.type().toLowerCase(Locale.ROOT).replace("_", "").contains("ratelimit");
    }

    static Double share(Window window) {
        if (window == null || window.limit() == null || window.remaining() == null || window.limit() <= 0) {
            return null;
        }
        return Math.max(0.0, Math.min(1.0, (double) window.remaining() / window.limit()));
    }

    /** The lower of two shares, either of which may be unknown (null); null when both are. */
    public static Double lower(Double a, Double b) {
        // Not a conditional expression: mixing Double with double there would unbox a null.
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return Math.min(a, b);
    }
}
