package io.apilogs.model.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Prepares an {@code http_request} body for storage: redact first, then truncate (API.md section 1).
 * The order matters: truncating first could cut a JSON body into something that no longer parses,
 * and the part of a secret before the cut would then be stored as is.
 */
public final class Bodies {
    /**
     * @param value         the redacted body, possibly truncated to a string; null when there was no body
     * @param originalBytes UTF-8 size of the body as given, before redaction (the {@code requestBodyBytes} of API.md)
     * @param truncated     whether {@code value} is a cut-down string rather than the whole redacted body
     */
    public record Prepared(JsonNode value, long originalBytes, boolean truncated) {
    }

    private Bodies() {
    }

    /**
     * A string body is redacted as text according to {@code contentType}; any other JSON value is redacted as
     * JSON. Sizes are UTF-8 bytes of the string, or of the compact serialization of a JSON value. When the redacted
     * body is over {@code maxBytes}, it becomes a string holding its first {@code maxBytes} bytes' worth of text.
     */
    public static Prepared prepare(JsonNode body, String contentType, int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0, was " + maxBytes);
        }
        if (body == null || body.isNull() || body.isMissingNode()) {
            return new Prepared(null, 0, false);
        }
        if (body.isTextual()) {
            String original = body.textValue();
            String redacted = Redactor.redactBodyText(original, contentType);
            return fit(TextNode.valueOf(redacted), redacted, utf8Length(original), maxBytes);
        }
        long originalBytes = utf8Length(JsonCodec.compact(body));
        JsonNode redacted = Redactor.redactJson(body);
        return fit(redacted, JsonCodec.compact(redacted), originalBytes, maxBytes);
    }

    private static Prepared fit(JsonNode redacted, String redactedText, long originalBytes, int maxBytes) {
        if (utf8Length(redactedText) <= maxBytes) {
            return new Prepared(redacted, originalBytes, false);
        }
        return new Prepared(TextNode.valueOf(truncateUtf8(redactedText, maxBytes)), originalBytes, true);
    }

    /**
     * The longest prefix of {@code s} whose UTF-8 encoding fits in {@code maxBytes}, never splitting a code point
     * (so never a surrogate pair). Returns {@code s} itself when it fits.
     */
    public static String truncateUtf8(String s, int maxBytes) {
        if (s == null) {
            return null;
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0, was " + maxBytes);
        }
        // No UTF-16 unit takes more than 3 UTF-8 bytes (a pair's 4 bytes are 2 per unit): skip the scan when it surely fits.
        if ((long) s.length() * 3 <= maxBytes) {
            return s;
        }
        long bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int codePoint = s.codePointAt(i);
            bytes += utf8Length(codePoint);
            if (bytes > maxBytes) {
                return s.substring(0, i);
            }
            i += Character.charCount(codePoint);
        }
        return s;
    }

    /** Same count as {@code s.getBytes(UTF_8).length}, without the copy. */
    static long utf8Length(String s) {
        long bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int codePoint = s.codePointAt(i);
            bytes += utf8Length(codePoint);
            i += Character.charCount(codePoint);
        }
        return bytes;
    }

    private static int utf8Length(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
            return 1; // a lone surrogate is encoded by Java as '?'
        }
        return codePoint < 0x10000 ? 3 : 4;
    }
}
