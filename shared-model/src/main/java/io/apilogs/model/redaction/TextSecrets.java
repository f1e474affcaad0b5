package io.apilogs.model.redaction;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials in text that has no structure to find them by (issue 22): a plain-text, XML, multipart or broken-JSON
 * body, an error message, a header value, a log line pasted into a prompt. Two levels:
 * <ul>
 *   <li>{@link #content}, for conversation content (messages, responses, tool inputs and results, system prompts):
 *   secret shapes ({@link SecretShapes}), PEM private keys, {@code Bearer}/{@code Basic} credentials, and credentials
 *   inside URLs (passwords, secret query parameters, webhook tokens; see {@link UrlRedaction});</li>
 *   <li>{@link #text}, for bodies, error messages and attribute values: the same, plus values of secret-like names
 *   written {@code name=value}, {@code name: value} or {@code "name": "value"} (configuration, ADO connection strings,
 *   {@code AWS_SECRET_ACCESS_KEY=…}), {@code <password>…</password>} elements, and multipart fields named so.</li>
 * </ul>
 * Each pattern runs only where a cheap scan found what it needs ({@code ://}, {@code :} or {@code =}, "bearer", "</"),
 * starts at a word boundary and has possessive quantifiers, so the work stays linear in a text of several MB: about
 * what one pass of {@link String#indexOf} costs when there is nothing to find. Only the secret becomes {@link Redactor#REDACTED}; redacting twice changes nothing more.
 */
final class TextSecrets {
    private static final String REDACTED = Redactor.REDACTED;
    private static final Pattern SCHEME_CREDENTIAL = Pattern.compile(
            "(?i)(?<![A-Za-z0-9_-])(bearer|basic)([ \\t]++)([A-Za-z0-9._~+/-]{8,}+=*+)");
    private static final Pattern URL = Pattern.compile("(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}+://[^\\s\"'<>\\\\]++");
    private static final Pattern XML_ELEMENT = Pattern.compile("<([A-Za-z][A-Za-z0-9_.:-]{0,63}+)(?:\\s[^<>]*+)?>([^<]*+)</");
    private static final Pattern MULTIPART_NAME = Pattern.compile("(?i)content-disposition:[^\\r\\n]*?\\bname=\"([^\"\\r\\n]{1,64}+)\"");
    private static final String PEM_BEGIN = "-----BEGIN ";
    private static final String PEM_KEY = "PRIVATE KEY-----";

    private TextSecrets() {
    }

    /** The most passes {@link #settled} makes: each pass that changed something is checked by one more. */
    private static final int MAX_PASSES = 4;

    /** Conversation content: shapes, PEM keys, bearer credentials and URL credentials; the same instance when none. */
    static String content(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return settled(text, t -> urls(plain(t)));
    }

    /**
     * Passes of {@code pass} until one changes nothing, so that redacting is idempotent: one rule's replacement can
     * expose what another rule looks for (a value by name that hid where a PEM header line ends, found by
     * TextRedactionFuzzTest). Text with no secret takes one pass; the same instance comes back when nothing changed.
     */
    private static String settled(String text, java.util.function.UnaryOperator<String> pass) {
        String current = text;
        for (int i = 0; i < MAX_PASSES; i++) {
            String next = pass.apply(current);
            if (next.equals(current)) {
                return current;
            }
            current = next;
        }
        return current;
    }

    /** Shapes, PEM keys and bearer credentials: what needs no structure at all. */
    private static String plain(String text) {
        String out = SecretShapes.redact(text);
        out = privateKeys(out);
        if (containsSchemeWord(out)) {
            out = replace(out, SCHEME_CREDENTIAL, m -> plausibleCredential(m.group(3)) ? m.group(1) + m.group(2) + REDACTED : null);
        }
        return out;
    }

    /**
     * Each URL ({@code scheme://…}) with its credentials redacted. Found from its {@code ://}, the only part every URL
     * has: a pattern tried at every position of a 10 KB message cost half a millisecond.
     */
    private static String urls(String text) {
        int mark = text.indexOf("://");
        if (mark < 0) {
            return text;
        }
        Matcher m = URL.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        StringBuilder out = null;
        int copied = 0;
        while (mark >= 0) {
            int start = mark;
            while (start > 0 && start > mark - 32 && isSchemeChar(text.charAt(start - 1))) {
                start--;
            }
            m.region(start, text.length());
            // The scheme must start with a letter: step over leading digits and signs, as the pattern's look-behind would.
            while (start < mark && !Character.isLetter(text.charAt(start)) ) {
                start++;
                m.region(start, text.length());
            }
            if (start < mark && start >= copied && m.lookingAt()) {
                String url = m.group();
                String redacted = UrlRedaction.redact(url);
                if (!redacted.equals(url)) {
                    if (out == null) {
                        out = new StringBuilder(text.length());
                    }
                    out.append(text, copied, start).append(redacted);
                    copied = m.end();
                }
                mark = text.indexOf("://", Math.max(m.end(), mark + 3));
            } else {
                mark = text.indexOf("://", mark + 3);
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static boolean isSchemeChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '.' || c == '-';
    }

    /** Whether "bearer" or "basic" appears as usually written: the scans that decide whether the pattern runs at all. */
    private static boolean containsSchemeWord(String text) {
        return text.contains("earer") || text.contains("EARER") || text.contains("asic") || text.contains("ASIC");
    }

    /** Free text: {@link #content}, plus values by name ({@code password: …}), XML elements and multipart fields. */
    static String text(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return settled(text, TextSecrets::textOnce);
    }

    private static String textOnce(String text) {
        // Values by name before URLs: the URL rule then sees what a second pass would see.
        String out = urls(namedValues(plain(text)));
        if (out.contains("</")) {
            out = replace(out, XML_ELEMENT, m -> SecretNames.isSecret(m.group(1)) && !m.group(2).isEmpty() && !m.group(2).equals(REDACTED)
                    ? m.group().substring(0, m.start(2) - m.start()) + REDACTED + "</" : null);
        }
        return out.contains("name=\"") ? multipart(out) : out;
    }

    /** A header value (not of a secret name): its bearer credential, URL credentials and shapes. */
    static String headerValue(String value) {
        return content(SecretShapes.redactEncoded(value));
    }

    /**
     * {@code name=value}, {@code name: value}, {@code "name": "value"}, {@code name='v a l'}: the value of a secret name.
     * Found from each {@code :} and {@code =}, looking back for the name (a pattern tried at every word was too slow).
     */
    private static String namedValues(String text) {
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ':' && c != '=') {
                continue;
            }
            int nameEnd = i;
            while (nameEnd > copied && (text.charAt(nameEnd - 1) == ' ' || text.charAt(nameEnd - 1) == '\t')) {
                nameEnd--;
            }
            if (nameEnd > copied && (text.charAt(nameEnd - 1) == '"' || text.charAt(nameEnd - 1) == '\'')) {
                nameEnd--;
            }
            int nameStart = nameEnd;
            while (nameStart > copied && nameEnd - nameStart < 64 && isNameChar(text.charAt(nameStart - 1))) {
                nameStart--;
            }
            if (nameStart == nameEnd || !Character.isLetter(text.charAt(nameStart)) || (nameStart > 0 && isNameChar(text.charAt(nameStart - 1)))
                    || !SecretNames.isSecret(text.substring(nameStart, nameEnd))) {
                continue;
            }
            int start = i + 1;
            while (start < text.length() && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
                start++;
            }
            int end = valueEnd(text, start);
            if (end <= start) {
                continue;
            }
            String value = text.substring(start, end);
            String bare = value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'') ? value.substring(1, value.length() - 1) : value;
            // A value holding a redaction or a URL was dealt with already (cutting into it would make a second pass differ).
            if (bare.isEmpty() || bare.contains("[REDACTED") || bare.contains("://") || isScheme(text, start, bare)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            boolean quoted = value != bare;
            out.append(text, copied, start).append(quoted ? value.charAt(0) + REDACTED + value.charAt(0) : REDACTED);
            copied = end;
            i = end - 1;
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
    }

    /** Where a value starting at {@code start} ends: its closing quote, or the first space or separator. */
    private static int valueEnd(String text, int start) {
        if (start >= text.length()) {
            return start;
        }
        char first = text.charAt(start);
        if (first == '"' || first == '\'') {
            for (int i = start + 1; i < text.length() && i < start + 4096; i++) {
                char c = text.charAt(i);
                if (c == first) {
                    return i + 1;
                }
                if (c == '\n' || c == '\r') {
                    return i;
                }
            }
            return start;
        }
        if (first == '=' || first == '{' || first == '[') {
            return start; // a comparison, or a structure: nothing to judge by name here
        }
        int i = start;
        while (i < text.length() && "\r\n \t\"'&,;<>)]}".indexOf(text.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    /** {@code Authorization: Bearer …}: the scheme is kept, its credential was handled by {@link #SCHEME_CREDENTIAL}. */
    private static boolean isScheme(String text, int start, String value) {
        return (value.equalsIgnoreCase("bearer") || value.equalsIgnoreCase("basic")) && start + value.length() < text.length()
                && text.charAt(start + value.length()) == ' ';
    }

    /** A credential, not a word: "Basic authentication" keeps its word, "Bearer eyJ…" or "Basic dXNlcjpw…" does not. */
    private static boolean plausibleCredential(String token) {
        if (token.equals(REDACTED) || token.startsWith("[")) {
            return false;
        }
        boolean digit = false;
        boolean upper = false;
        boolean lower = false;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            digit |= c >= '0' && c <= '9';
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
        }
        return digit || token.indexOf('=') >= 0 || (upper && lower && token.length() >= 16);
    }

    /** PEM private key blocks, whole; one without its END line to the end of the text. */
    private static String privateKeys(String text) {
        int begin = text.indexOf(PEM_BEGIN);
        if (begin < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (begin >= 0) {
            int lineEnd = text.indexOf("-----", begin + PEM_BEGIN.length());
            if (lineEnd < 0 || !text.startsWith(PEM_KEY, lineEnd - PEM_KEY.length() + 5)) {
                begin = text.indexOf(PEM_BEGIN, begin + 1);
                continue;
            }
            int endMarker = text.indexOf("-----END ", lineEnd + 5);
            int endLine = endMarker < 0 ? -1 : text.indexOf("-----", endMarker + 9);
            int blockEnd = endLine < 0 ? text.length() : endLine + 5;
            out.append(text, copied, begin).append(REDACTED);
            copied = blockEnd;
            begin = text.indexOf(PEM_BEGIN, blockEnd);
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** A multipart field whose name is secret-like: its value, the part's text after the blank line. */
    private static String multipart(String text) {
        Matcher m = MULTIPART_NAME.matcher(text).useTransparentBounds(true);
        StringBuilder out = null;
        int copied = 0;
        while (m.find()) {
            if (!SecretNames.isSecret(m.group(1))) {
                continue;
            }
            int blank = text.indexOf("\n\n", m.end());
            int crlf = text.indexOf("\r\n\r\n", m.end());
            int start = crlf >= 0 && (blank < 0 || crlf < blank) ? crlf + 4 : blank >= 0 ? blank + 2 : -1;
            if (start < 0) {
                continue;
            }
            int end = text.indexOf("\n--", start);
            end = end < 0 ? text.length() : (end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            if (end <= start || text.substring(start, end).equals(REDACTED)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, start).append(REDACTED);
            copied = end;
            m.region(end, text.length());
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** Each match replaced by what {@code replacement} gives, or kept when it gives null. */
    private static String replace(String text, Pattern pattern, Function<Matcher, String> replacement) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        while (m.find()) {
            String with = replacement.apply(m);
            if (with == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, m.start()).append(with);
            copied = m.end();
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }
}
