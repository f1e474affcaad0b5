package io.apilogs.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.model.Ids;
import io.apilogs.model.Times;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Reads typed fields out of an untrusted JSON object and records a {@link FieldError} with the full path for every
 * problem, so one pass reports all of an event's errors.
 */
final class FieldReader {
    // Bounds on timestamps keep a client from creating a partition for every month of the calendar.
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    private final List<FieldError> errors;
    private final Limits limits;

    FieldReader(List<FieldError> errors, Limits limits) {
        this.errors = errors;
        this.limits = limits;
    }

    Limits limits() {
        return limits;
    }

    void error(String path, String message) {
        errors.add(new FieldError(path, message));
    }

    static String path(String parent, String field) {
        return parent == null || parent.isEmpty() ? field : parent + "." + field;
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** An object value, or null when absent; a non-object is an error. */
    JsonNode object(JsonNode parent, String field, String path, boolean required) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            if (required) {
                error(path, "is required");
            }
            return null;
        }
        if (!node.isObject()) {
            error(path, "must be an object");
            return null;
        }
        return node;
    }

    JsonNode array(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isArray()) {
            error(path, "must be an array");
            return null;
        }
        if (node.size() > limits.maxArrayLength()) {
            error(path, "must have at most " + limits.maxArrayLength() + " items");
            return null;
        }
        return node;
    }

    String id(JsonNode parent, String field, String path, boolean required) {
        String value = string(parent, field, path, required, Integer.MAX_VALUE);
        if (value != null && !Ids.isValid(value)) {
            error(path, Ids.RULE);
            return null;
        }
        return value;
    }

    /** A string of at most {@code maxBytes} UTF-8 bytes. */
    String string(JsonNode parent, String field, String path, boolean required, int maxBytes) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            if (required) {
                error(path, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            error(path, "must be a string");
            return null;
        }
        String value = node.textValue();
        if (value.indexOf('\u0000') >= 0) {
            // PostgreSQL text cannot hold U+0000; refusing it here keeps it from blocking the writer later.
            error(path, "must not contain the NUL character (U+0000)");
            return null;
        }
        if (required && value.isEmpty()) {
            error(path, "must not be empty");
            return null;
        }
        if (utf8LongerThan(value, maxBytes)) {
            error(path, "must be at most " + maxBytes + " bytes");
            return null;
        }
        return value;
    }

    /** A string of at most {@code maxChars} characters (code points). */
    String shortText(JsonNode parent, String field, String path, int maxChars) {
        String value = string(parent, field, path, false, Integer.MAX_VALUE);
        if (value != null && value.codePointCount(0, value.length()) > maxChars) {
            error(path, "must be at most " + maxChars + " characters");
            return null;
        }
        return value;
    }

    Instant time(JsonNode parent, String field, String path, boolean required) {
        String text = string(parent, field, path, required, 64);
        if (text == null) {
            return null;
        }
        Instant instant = Times.parse(text);
        if (instant == null) {
            error(path, "must be an RFC 3339 timestamp with offset, e.g. 2026-11-25T20:01:15.123Z");
        } else if (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) {
            error(path, "must be between 2000-01-01 and 2100-01-01");
            return null;
        }
        return instant;
    }

    Long nonNegativeLong(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            error(path, "must be an integer");
            return null;
        }
        long value = node.longValue();
        if (value < 0) {
            error(path, "must be >= 0");
            return null;
        }
        return value;
    }

    /** A non-negative integer of at most {@code max}; {@code what} names the bound in the error. */
    Long nonNegativeLong(JsonNode parent, String field, String path, long max, String what) {
        Long value = nonNegativeLong(parent, field, path);
        if (value != null && value > max) {
            error(path, "must be at most " + max + " (" + what + ")");
            return null;
        }
        return value;
    }

    /** A non-negative number below {@code limit}, e.g. what a numeric column can hold. */
    BigDecimal nonNegativeDecimal(JsonNode parent, String field, String path, BigDecimal limit) {
        BigDecimal value = nonNegativeDecimal(parent, field, path);
        if (value != null && value.compareTo(limit) >= 0) {
            error(path, "must be less than " + limit.toPlainString());
            return null;
        }
        return value;
    }

    Integer httpStatus(JsonNode parent, String field, String path) {
        Long value = nonNegativeLong(parent, field, path);
        if (value != null && (value < 100 || value > 599)) {
            error(path, "must be an HTTP status between 100 and 599");
            return null;
        }
        return value == null ? null : value.intValue();
    }

    BigDecimal nonNegativeDecimal(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isNumber()) {
            error(path, "must be a number");
            return null;
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() < 0) {
            error(path, "must be >= 0");
            return null;
        }
        return value;
    }

    /** Checks every string inside an arbitrary JSON value against the text limit. */
    void checkStrings(JsonNode node, String path) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            if (utf8LongerThan(node.textValue(), limits.maxTextBytes())) {
                error(path, "must be at most " + limits.maxTextBytes() + " bytes");
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkStrings(node.get(i), path + "[" + i + "]");
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> checkStrings(e.getValue(), path(path, e.getKey())));
        }
    }

    /**
     * Whether {@code value} takes more than {@code maxBytes} bytes in UTF-8. A character takes one to three bytes (a
     * surrogate pair four for its two), so only a string whose length lies between a third of the limit and the limit
     * is counted: checking a 10 KB message against a 1 MiB limit costs nothing.
     */
    static boolean utf8LongerThan(String value, int maxBytes) {
        if (value.length() > maxBytes) {
            return true;
        }
        if ((long) value.length() * 3 <= maxBytes) {
            return false;
        }
        return utf8Length(value) > maxBytes;
    }

    static int utf8Length(String value) {
        // Counted without encoding, so a huge string costs no copy.
        int bytes = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
