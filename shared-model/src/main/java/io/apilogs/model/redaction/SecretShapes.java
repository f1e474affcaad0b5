package io.apilogs.model.redaction;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds credentials by what they look like rather than by what they are called, so that a key pasted into
 * {@code X-Custom}, {@code ?q=} or a free-text body is caught as well. This adds to the name rules of
 * {@link SecretNames}; it never replaces them.
 *
 * <p><b>Only the matched token is replaced</b> by {@link Redactor#REDACTED}, not the whole value:
 * {@code "please use key sk-proj-… now"} becomes {@code "please use key [REDACTED] now"}, so free text and
 * structured values around a secret stay readable. One exception: in percent-encoded pieces (a URL path segment,
 * a query or form name or value, a header value), a secret that only shows once decoded ({@code %20sk-…}) makes
 * the whole piece {@link Redactor#REDACTED}, see {@link #redactEncoded}. Where a shape is looked for: every
 * header value, the URL (user name, path segments, query, fragment; not the host), JSON keys and string values,
 * form names and values, and plain-text bodies (see {@link Redactor}).
 *
 * <p>A token must stand on its own: the character before it must not be one of {@code [A-Za-z0-9_-]}, and it
 * must end where its own alphabet ends (so {@code risk-free}, {@code task-12345} or {@code sk-1} never match).
 * The shapes, exactly:
 * <ul>
 *   <li>JWT (JWS and JWE): {@code eyJ[A-Za-z0-9_-]{7,}}, then two {@code .[A-Za-z0-9_-]*} segments (an unsigned
 *       JWT ends in an empty one), then any number of non-empty ones (a JWE has five parts); a full stop after
 *       the token stays;</li>
 *   <li>OpenAI, Anthropic and compatible keys: {@code sk-[A-Za-z0-9_-]{20,}} (e.g. {@code sk-proj-…},
 *       {@code sk-ant-api03-…}) that also holds a digit and a run of at least 16 letters and digits, which rules
 *       out hyphenated words such as {@code sk-learn-…};</li>
 *   <li>Stripe secret and restricted keys: {@code [sr]k_(live|test)_[A-Za-z0-9]{16,}};</li>
 *   <li>AWS access key ids: {@code (AKIA|ASIA)[A-Z0-9]{16}}, exactly 20 characters;</li>
 *   <li>GitHub tokens: {@code gh[pousr]_[A-Za-z0-9]{36,}} and {@code github_pat_[A-Za-z0-9_]{22,}};</li>
 *   <li>Slack tokens: {@code xox[abeprs]-[A-Za-z0-9-]{10,}} holding a digit;</li>
 *   <li>Google API keys: {@code AIza[A-Za-z0-9_-]{35}}, exactly 39 characters, and OAuth access tokens
 *       {@code ya29.[A-Za-z0-9_-]{20,}};</li>
 *   <li>GitLab personal tokens {@code glpat-[A-Za-z0-9_-]{20,}}, Hugging Face tokens {@code hf_[A-Za-z]{30,}}, webhook
 *       signing secrets {@code whsec_[A-Za-z0-9+/=]{24,}}, SendGrid keys {@code SG.<16+>.<16+>}, npm tokens
 *       {@code npm_[A-Za-z0-9]{36}}.</li>
 * </ul>
 * PEM private keys, bearer credentials and credentials inside URLs are found by {@link TextSecrets}.
 *
 * <p>Cost: a hand scan looks for the prefixes ({@code eyJ}, {@code sk}, {@code rk_}, {@code AKIA}, {@code ASIA},
 * {@code AIza}, {@code gh}, {@code xox}, {@code ya29.}, {@code glpat-}, {@code hf_}, {@code whsec_}, {@code SG.},
 * {@code npm_}) and the pattern is only tried, anchored, where one starts. Every
 * quantifier in the pattern is possessive or fixed, and each repeated group starts with a {@code .} that its
 * body cannot contain, so nothing backtracks: the work is linear in the text, which may be a body of several MB.
 *
 * <p>Redacting is idempotent: a replaced token is followed by a character outside its alphabet and preceded by
 * what preceded it, and {@code [REDACTED]} itself matches no shape, so a second pass finds nothing new.
 */
final class SecretShapes {
    private static final String TOKEN = "[A-Za-z0-9_-]";
    private static final String END = "(?!" + TOKEN + ")";
    private static final Pattern SHAPE = Pattern.compile("(?<!" + TOKEN + ")(?:"
            + "eyJ" + TOKEN + "{7,}+\\." + TOKEN + "*+\\." + TOKEN + "*+(?:\\." + TOKEN + "++)*+"
            + "|sk-" + TOKEN + "{20,}+"
            + "|[sr]k_(?:live|test)_[A-Za-z0-9]{16,}+" + END
            + "|A[KS]IA[A-Z0-9]{16}" + END
            + "|gh[pousr]_[A-Za-z0-9]{36,}+" + END
            + "|github_pat_[A-Za-z0-9_]{22,}+" + END
            + "|xox[abeprs]-[A-Za-z0-9-]{10,}+" + END
            + "|AIza" + TOKEN + "{35}" + END
            + "|ya29\\." + TOKEN + "{20,}+"
            + "|glpat-" + TOKEN + "{20,}+"
            + "|hf_[A-Za-z]{30,}+" + END
            + "|whsec_[A-Za-z0-9+/=]{24,}+"
            + "|SG\\." + TOKEN + "{16,}+\\." + TOKEN + "{16,}+"
            + "|npm_[A-Za-z0-9]{36}" + END
            + ")");
    private static final int MIN_RANDOM_RUN = 16;

    private SecretShapes() {
    }

    /** {@code text} with every secret-shaped token replaced by {@link Redactor#REDACTED}; the same instance when there is none. */
    static String redact(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = null;
        byte[] codes = codes(text);
        StringBuilder out = null;
        int copied = 0;
        int at = nextCandidate(text, codes, 0);
        while (at >= 0) {
            matcher = matcher == null ? matcher(text) : matcher;
            int end = shapeEnd(matcher, text, at);
            if (end < 0) {
                at = nextCandidate(text, codes, at + 1);
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, at).append(Redactor.REDACTED);
            copied = end;
            at = nextCandidate(text, codes, end);
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    static boolean contains(String text) {
        if (text == null) {
            return false;
        }
        Matcher matcher = null;
        byte[] codes = codes(text);
        for (int at = nextCandidate(text, codes, 0); at >= 0; at = nextCandidate(text, codes, at + 1)) {
            matcher = matcher == null ? matcher(text) : matcher;
            if (shapeEnd(matcher, text, at) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * For a piece of a URL or form that may be percent-encoded (a path segment, a parameter name or value, a
     * header value): the tokens are replaced as in {@link #redact}; when the decoded piece still shows a secret
     * (one written as {@code %20sk-…}, or with an encoded letter), the whole piece is replaced instead, since
     * positions in the decoded text do not map back to the encoded one.
     */
    static String redactEncoded(String piece) {
        String redacted = redact(piece);
        if ((redacted.indexOf('%') >= 0 || redacted.indexOf('+') >= 0) && contains(FormPairs.decodeLeniently(redacted))) {
            return Redactor.REDACTED;
        }
        return redacted;
    }

    private static Matcher matcher(String text) {
        // Transparent bounds let the look-behind see the character before a candidate.
        return SHAPE.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    }

    /** Where the shape starting at {@code at} ends, or -1 when none starts there. */
    private static int shapeEnd(Matcher matcher, String text, int at) {
        matcher.region(at, text.length());
        if (!matcher.lookingAt()) {
            return -1;
        }
        int end = matcher.end();
        boolean plausible = switch (text.charAt(at)) {
            case 's' -> text.charAt(at + 2) != '-' || (hasDigit(text, at + 3, end) && hasRandomRun(text, at + 3, end));
            case 'x' -> hasDigit(text, at + 5, end);
            default -> true;
        };
        return plausible ? end : -1;
    }

    /**
     * The next index at or after {@code from} where a shape's prefix starts on a token boundary, or -1: a cheap
     * filter before the pattern.
     */
    private static int nextCandidate(String text, byte[] codes, int from) {
        int last = text.length() - 3;
        // Whether the character before i is a token character: a shape starts only where it is not.
        int before = from > 0 && from <= last && isTokenChar(codes, from - 1) ? 1 : 0;
        for (int i = from; i <= last; i++) {
            int code = codes[i] & 0xFF;
            // Branch-free over ordinary words: only a word that starts with a shape's first two letters is looked at.
            long seconds = FIRST_TWO[code] & -(long) (before ^ 1);
            if (((seconds >>> (codes[i + 1] & 63)) & 1) != 0 && startsShape(text, i)) {
                return i;
            }
            before = TOKEN_BYTES[code] ? 1 : 0;
        }
        return -1;
    }

    /** Whether a shape's prefix starts at {@code i}, where at least three characters remain. */
    private static boolean startsShape(String text, int i) {
        char c = text.charAt(i);
        return switch (c) {
            case 'e' -> text.charAt(i + 1) == 'y' && text.charAt(i + 2) == 'J';
            case 's', 'r' -> text.charAt(i + 1) == 'k' && (text.charAt(i + 2) == '_' || (c == 's' && text.charAt(i + 2) == '-'));
            case 'A' -> text.startsWith("KIA", i + 1) || text.startsWith("SIA", i + 1) || text.startsWith("Iza", i + 1);
            case 'g' -> (text.charAt(i + 1) == 'h' && i + 3 < text.length() && text.charAt(i + 3) == '_')
                    || text.startsWith("ithub_pat_", i + 1) || text.startsWith("lpat-", i + 1);
            case 'y' -> text.startsWith("a29.", i + 1);
            case 'h' -> text.charAt(i + 1) == 'f' && text.charAt(i + 2) == '_';
            case 'w' -> text.startsWith("hsec_", i + 1);
            case 'S' -> text.charAt(i + 1) == 'G' && text.charAt(i + 2) == '.';
            case 'n' -> text.charAt(i + 1) == 'p' && text.charAt(i + 2) == 'm' && i + 3 < text.length() && text.charAt(i + 3) == '_';
            case 'x' -> text.charAt(i + 1) == 'o' && text.charAt(i + 2) == 'x';
            default -> false;
        };
    }

    /**
     * For each shape's first letter, the second letters it may be followed by, as bits {@code 1 << (letter & 63)}
     * (letters that share the low six bits only cost a closer look); zero for every other byte.
     */
    private static final long[] FIRST_TWO = new long[256];

    static {
        String[] prefixes = {"eyJ", "sk-", "sk_", "rk_", "AKIA", "ASIA", "AIza", "gh", "github_pat_", "glpat-", "ya29.", "hf_",
                "whsec_", "SG.", "npm_", "xox"};
        for (String prefix : prefixes) {
            FIRST_TWO[prefix.charAt(0)] |= 1L << (prefix.charAt(1) & 63);
        }
    }

    /**
     * One byte per character of {@code text}, each a token character exactly where the character is one: the scan
     * for candidates reads these rather than the string, which took a quarter off the scan of a 10 KB message (the scan
     * was about 40% of ingest's Java samples on 10 KB messages). ISO-8859-1 keeps every Latin-1 character's code and writes any
     * other as {@code ?}, which is no token character either; a surrogate pair becomes one {@code ?}, so for a text
     * that holds one the bytes are made character by character instead (any character above 127 as {@code ?}), which
     * keeps the indexes those of the text. Neither byte above 127 nor {@code ?} is a token character or a first letter.
     */
    private static byte[] codes(String text) {
        byte[] codes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (codes.length == text.length()) {
            return codes;
        }
        codes = new byte[text.length()];
        for (int i = 0; i < codes.length; i++) {
            char c = text.charAt(i);
            codes[i] = (byte) (c < 128 ? c : '?');
        }
        return codes;
    }

    private static boolean isTokenChar(byte[] codes, int i) {
        return TOKEN_BYTES[codes[i] & 0xFF];
    }

    private static boolean hasDigit(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (isDigit(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasRandomRun(String text, int from, int to) {
        int run = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            run = isTokenChar(c) && c != '_' && c != '-' ? run + 1 : 0;
            if (run >= MIN_RANDOM_RUN) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static final boolean[] TOKEN_CHARS = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            TOKEN_CHARS[c] = isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-';
        }
    }

    /** {@link #TOKEN_CHARS} for a character's byte in {@link #codes}: none above 127 is a token character. */
    private static final boolean[] TOKEN_BYTES = java.util.Arrays.copyOf(TOKEN_CHARS, 256);

    private static boolean isTokenChar(char c) {
        return c < 128 && TOKEN_CHARS[c];
    }
}
