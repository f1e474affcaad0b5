package io.apilogs.model.ratelimit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Parses Go's {@code time.Duration} text, which OpenAI uses for its resets: {@code 1s}, {@code 6m0s},
 * {@code 12ms}, {@code 1h2m3.5s}, {@code 0.5s}. Same grammar as Go's {@code ParseDuration}: an optional sign,
 * then one or more decimal numbers each followed by a unit (ns, us, µs, μs, ms, s, m, h); {@code 0} alone is allowed.
 */
final class GoDuration {
    private static final BigDecimal NANOS_PER_MICRO = BigDecimal.valueOf(1_000L);
    private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000L);
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
    private static final BigDecimal NANOS_PER_MINUTE = BigDecimal.valueOf(60_000_000_000L);
    private static final BigDecimal NANOS_PER_HOUR = BigDecimal.valueOf(3_600_000_000_000L);
    /** Far beyond any real reset; bounds the BigDecimal work on hostile input. */
    private static final int MAX_LENGTH = 64;

    private GoDuration() {
    }

    /** The duration, or null when the text is not one. Fractions below a nanosecond are dropped, as Go does. */
    static Duration parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        if (s.isEmpty() || s.length() > MAX_LENGTH) {
            return null;
        }
        boolean negative = s.charAt(0) == '-';
        int i = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            return null;
        }
        BigDecimal nanos = BigDecimal.ZERO;
        while (i < s.length()) {
            int numberStart = i;
            while (i < s.length() && (isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            BigDecimal number = number(s.substring(numberStart, i));
            int unitStart = i;
            while (i < s.length() && !isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            BigDecimal unit = nanosPer(s.substring(unitStart, i));
            if (number == null || unit == null) {
                return null;
            }
            nanos = nanos.add(number.multiply(unit));
        }
        try {
            long whole = nanos.setScale(0, RoundingMode.DOWN).longValueExact();
            return Duration.ofNanos(negative ? -whole : whole);
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** Digits with at most one dot and at least one digit: {@code 1}, {@code 1.5}, {@code .5}, {@code 1.}. */
    private static BigDecimal number(String text) {
        int dot = text.indexOf('.');
        if (text.isEmpty() || text.equals(".") || (dot >= 0 && text.indexOf('.', dot + 1) >= 0)) {
            return null;
        }
        return new BigDecimal(text.startsWith(".") ? "0" + text : text);
    }

    private static BigDecimal nanosPer(String unit) {
        return switch (unit) {
            case "ns" -> BigDecimal.ONE;
            case "us", "\u00b5s", "\u03bcs" -> NANOS_PER_MICRO;
            case "ms" -> NANOS_PER_MILLI;
            case "s" -> NANOS_PER_SECOND;
            case "m" -> NANOS_PER_MINUTE;
            case "h" -> NANOS_PER_HOUR;
            default -> null;
        };
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
