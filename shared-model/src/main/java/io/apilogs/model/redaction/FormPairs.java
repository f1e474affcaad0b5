package io.apilogs.model.redaction;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Redacts {@code name=value&name=value} text (URL queries, form bodies) without re-encoding it:
 * only the values of secret-like names and secret-shaped tokens change, every other byte is kept as sent.
 */
final class FormPairs {
    private FormPairs() {
    }

    static String redact(String pairs) {
        StringBuilder out = new StringBuilder(pairs.length());
        int start = 0;
        while (start <= pairs.length()) {
            int end = pairs.indexOf('&', start);
            if (end < 0) {
                end = pairs.length();
            }
            appendPair(out, pairs, start, end);
            if (end < pairs.length()) {
                out.append('&');
            }
            start = end + 1;
        }
        return out.toString();
    }

    /**
     * A pair without {@code =} has no value to hide by name, so only its secret-shaped tokens go; an empty value of
     * a secret-like name is still replaced, like any other.
     */
    private static void appendPair(StringBuilder out, String pairs, int start, int end) {
        int equals = indexOf(pairs, '=', start, end);
        if (equals < 0) {
            out.append(SecretShapes.redactEncoded(pairs.substring(start, end)));
            return;
        }
        String rawName = pairs.substring(start, equals);
        out.append(SecretShapes.redactEncoded(rawName)).append('=');
        if (SecretNames.isSecretParameter(rawName) || SecretNames.isSecretParameter(decodeLeniently(rawName))) {
            out.append(Redactor.REDACTED);
        } else {
            out.append(SecretShapes.redactEncoded(pairs.substring(equals + 1, end)));
        }
    }

    /** Bounded search, so that a long text of pairs without {@code =} stays linear. */
    private static int indexOf(String text, char wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == wanted) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Percent-decodes with {@code +} as space. A malformed escape is kept literally instead of failing,
     * because the name still has to be judged: a broken escape elsewhere must not let {@code api_key} through.
     */
    static String decodeLeniently(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '+') {
                bytes.write(' ');
                i++;
            } else if (c == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 3;
            } else {
                int codePointEnd = i + Character.charCount(text.codePointAt(i));
                bytes.writeBytes(text.substring(i, codePointEnd).getBytes(StandardCharsets.UTF_8));
                i = codePointEnd;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }
}
