package io.apilogs.model.redaction;

import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a header, parameter or JSON field name looks like it carries a credential.
 *
 * <p>API.md splits names on {@code _}, {@code -} and {@code .} and compares whole segments, so that
 * {@code max_tokens} or {@code tokenizer} are not mistaken for {@code token}. We additionally split on
 * camelCase boundaries (a lower-case letter or digit followed by an upper-case letter), because JSON
 * bodies commonly say {@code apiKey}, {@code accessToken} or {@code clientSecret}, and leaking those
 * would defeat the rule. This only ever adds redactions: every name secret under API.md stays secret.
 * Runs of capitals are not split ({@code APIKey} is the single segment {@code apikey}, which is secret). Issue 22 added
 * more segments, whole names and infixes (see the sets below), and any character that is no letter or digit
 * separates segments.
 */
final class SecretNames {
    private static final Set<String> SECRET_SEGMENTS = Set.of(
            "key", "apikey", "token", "secret", "password", "passwd", "auth", "authorization",
            "signature", "session", "cookie", "credential",
            // Beyond API.md's list (issue 22): more names that carry credentials.
            "authorisation", "passphrase", "pwd", "creds", "bearer", "jwt", "accesskey", "secretkey", "privatekey",
            "jsessionid", "phpsessid");
    /**
     * Secret only as the whole name: {@code pass}, {@code refresh}, Azure SAS's {@code sig}. As segments they name
     * ordinary things ({@code pass_rate}, {@code refresh_interval}).
     */
    private static final Set<String> SECRET_NAMES = Set.of("pass", "refresh", "sig");
    /**
     * Secret as a whole URL or form parameter name only: OAuth's {@code ?code=}, a session's {@code ?sid=}. In a JSON
     * body or free text {@code "code"} is nearly always an error code ({@code {"error":{"code":"rate_limit_exceeded"}}})
     * and {@code "sid"} an id (Twilio's), worth keeping.
     */
    private static final Set<String> SECRET_PARAMETERS = Set.of("code", "sid");
    /** Found inside a name written without separators: {@code xapikey}, {@code authorisation}, {@code myaccesskey}. */
    private static final String[] SECRET_INFIXES = {"apikey", "authoriz", "authoris", "accesskey", "secretkey", "privatekey"};

    private SecretNames() {
    }

    /** A URL query, fragment, matrix or form parameter's name: {@link #isSecret}, or one of {@link #SECRET_PARAMETERS}. */
    static boolean isSecretParameter(String name) {
        return isSecret(name) || (name != null && SECRET_PARAMETERS.contains(name.trim().toLowerCase(Locale.ROOT)));
    }

    static boolean isSecret(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        if (hasSecretInfix(name)) {
            return true;
        }
        int start = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (isSeparator(c)) {
                if (isSecretSegment(name, start, i)) {
                    return true;
                }
                start = i + 1;
            } else if (i > start && isCamelBoundary(name.charAt(i - 1), c)) {
                if (isSecretSegment(name, start, i)) {
                    return true;
                }
                start = i;
            }
        }
        return isSecretSegment(name, start, name.length());
    }

    /** API.md's {@code _ - .}, and any other character that is no letter or digit ({@code [ ]}, U+2010 hyphens, spaces). */
    private static boolean isSeparator(char c) {
        return !Character.isLetterOrDigit(c);
    }

    private static boolean hasSecretInfix(String name) {
        StringBuilder compact = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                compact.append(Character.toLowerCase(c));
            }
        }
        String letters = compact.toString();
        if (SECRET_NAMES.contains(letters) && letters.length() == name.trim().length()) {
            return true;
        }
        for (String infix : SECRET_INFIXES) {
            if (letters.contains(infix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCamelBoundary(char previous, char current) {
        return Character.isUpperCase(current) && (Character.isLowerCase(previous) || Character.isDigit(previous));
    }

    private static boolean isSecretSegment(String name, int from, int to) {
        return to > from && SECRET_SEGMENTS.contains(name.substring(from, to).toLowerCase(Locale.ROOT));
    }
}
