package io.apilogs.model.ratelimit;

import io.apilogs.model.Times;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the provider rate-limit headers of a call into windows (PROVIDERS.md "Rate-limit headers").
 * Header values come from clients and providers we do not control, so an unreadable value yields a null
 * field instead of an error.
 */
public final class RateLimits {
    private static final String ANTHROPIC = "anthropic-ratelimit-";
    private static final String OPENAI = "x-ratelimit-";
    private static final Pattern COUNT = Pattern.compile("\\d{1,18}");
    private static final Pattern DECIMAL_SECONDS = Pattern.compile("\\d{1,18}(\\.\\d{1,9})?");

    private RateLimits() {
    }

    /** Whether a response header is one of the rate-limit headers kept with a call; names match in any case. */
    public static boolean isRateLimitHeader(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith(ANTHROPIC) || lower.startsWith(OPENAI) || lower.equals("retry-after");
    }

    /**
     * @param headers the call's rate-limit headers as sent, any name case; null gives null
     * @param callEnd the call's end ({@code startedAt + durationMs}), from which relative resets and
     *                {@code retry-after} dates are counted; when null those come out null
     */
    public static RateLimitView normalize(Map<String, String> headers, Instant callEnd) {
        if (headers == null) {
            return null;
        }
        Map<String, String> byName = lowerCaseNames(headers);
        return new RateLimitView(headers,
                window(byName, "requests", true, callEnd),
                window(byName, "tokens", true, callEnd),
                window(byName, "input-tokens", false, callEnd),
                window(byName, "output-tokens", false, callEnd),
                retryAfterSeconds(byName.get("retry-after"), callEnd));
    }

    /** When a name comes twice in different cases, the first one sent wins. */
    private static Map<String, String> lowerCaseNames(Map<String, String> headers) {
        Map<String, String> byName = new HashMap<>();
        headers.forEach((name, value) -> {
            if (name != null && value != null) {
                byName.putIfAbsent(name.trim().toLowerCase(Locale.ROOT), value.trim());
            }
        });
        return byName;
    }

    /**
     * Anthropic names every window; OpenAI only has requests and tokens. Should a response carry both
     * families, Anthropic's readable value wins field by field.
     */
    private static Window window(Map<String, String> h, String kind, boolean openAiToo, Instant callEnd) {
        String limit = h.get(ANTHROPIC + kind + "-limit");
        String remaining = h.get(ANTHROPIC + kind + "-remaining");
        String reset = h.get(ANTHROPIC + kind + "-reset");
        String openAiLimit = openAiToo ? h.get(OPENAI + "limit-" + kind) : null;
        String openAiRemaining = openAiToo ? h.get(OPENAI + "remaining-" + kind) : null;
        String openAiReset = openAiToo ? h.get(OPENAI + "reset-" + kind) : null;
        if (limit == null && remaining == null && reset == null
                && openAiLimit == null && openAiRemaining == null && openAiReset == null) {
            return null;
        }
        return new Window(
                firstNonNull(count(limit), count(openAiLimit)),
                firstNonNull(count(remaining), count(openAiRemaining)),
                firstNonNull(resetAt(reset, callEnd), resetAt(openAiReset, callEnd)));
    }

    private static Long count(String value) {
        return value != null && COUNT.matcher(value).matches() ? Long.valueOf(value) : null;
    }

    /**
     * Anthropic sends an RFC 3339 time, OpenAI a Go duration from when the response arrived. Either form is
     * accepted from either family, since OpenAI-compatible providers are not consistent about it. A bare number
     * is ambiguous (seconds? epoch?) and is not guessed at.
     */
    private static Instant resetAt(String value, Instant callEnd) {
        if (value == null) {
            return null;
        }
        Instant absolute = Times.parse(value);
        if (absolute != null) {
            return absolute;
        }
        Duration relative = GoDuration.parse(value);
        return relative == null || callEnd == null ? null : callEnd.plus(relative);
    }

    /**
     * RFC 9110 allows delay-seconds or an HTTP-date. Fractional seconds are not in the RFC but are sent by some
     * servers; they, and the remainder of a date, are rounded up so that a client waiting that long is not early.
     */
    private static Long retryAfterSeconds(String value, Instant callEnd) {
        if (value == null) {
            return null;
        }
        if (DECIMAL_SECONDS.matcher(value).matches()) {
            return new BigDecimal(value).setScale(0, RoundingMode.CEILING).longValue();
        }
        Instant date = httpDate(value);
        if (date == null || callEnd == null) {
            return null;
        }
        Duration wait = Duration.between(callEnd, date);
        if (wait.isNegative()) {
            return 0L;
        }
        return wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
    }

    private static Instant httpDate(String value) {
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static <T> T firstNonNull(T first, T second) {
        return first != null ? first : second;
    }
}
