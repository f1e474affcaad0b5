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
 * Runs of capitals are not split ({@code APIKey} is the single segment {@code apikey}, which is secret).
 */
final class SecretNames {
    private static final Set<String> SECRET_SEGMENTS = Set.of(
            "key", "apikey", "token", "secret", "password", "passwd", "auth", "authorization",
            "signature", "session", "cookie", "credential");

    private SecretNames() {
    }

    static boolean isSecret(String name) {
        if (name == null || name.isEmpty()) {
            return false;
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

    private static boolean isSeparator(char c) {
        return c == '_' || c == '-' || c == '.';
    }

    private static boolean isCamelBoundary(char previous, char current) {
        return Character.isUpperCase(current) && (Character.isLowerCase(previous) || Character.isDigit(previous));
    }

    private static boolean isSecretSegment(String name, int from, int to) {
        return to > from && SECRET_SEGMENTS.contains(name.substring(from, to).toLowerCase(Locale.ROOT));
    }
}
