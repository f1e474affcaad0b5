package io.apilogs.model.redaction;

import java.util.regex.Pattern;

/**
 * Redacts a URL by hand rather than through {@link java.net.URI}: URLs logged by plugins are often not
 * strictly valid, and whatever is not a credential must come out byte-identical (same encoding, same order).
 */
final class UrlRedaction {
    private static final Pattern SCHEME_AND_SLASHES = Pattern.compile("^[A-Za-z][A-Za-z0-9+.\\-]*://");

    private UrlRedaction() {
    }

    static String redact(String url) {
        int hash = url.indexOf('#');
        String beforeFragment = hash < 0 ? url : url.substring(0, hash);
        int question = beforeFragment.indexOf('?');
        String head = question < 0 ? beforeFragment : beforeFragment.substring(0, question);

        StringBuilder out = new StringBuilder(url.length());
        out.append(redactHead(head));
        if (question >= 0) {
            out.append('?').append(FormPairs.redact(beforeFragment.substring(question + 1)));
        }
        if (hash >= 0) {
            // OAuth implicit flows put access_token=... in the fragment, so it gets the query's treatment;
            // a plain anchor has no '=' and is left alone.
            out.append('#').append(FormPairs.redact(url.substring(hash + 1)));
        }
        return out.toString();
    }

    /**
     * {@code scheme://user:pass@host/path}: the password goes; the user name helps debugging and is kept, less any
     * secret-shaped token (a token used as user name, as in {@code https://ghp_…@host/}). Path segments lose their
     * secret-shaped tokens. The host is kept as is: a host name is no credential, and a label such as
     * {@code sk-…} would only be a false positive. Without {@code scheme://} or {@code //}, all of it is path.
     */
    private static String redactHead(String head) {
        int authorityStart;
        var matcher = SCHEME_AND_SLASHES.matcher(head);
        if (matcher.find()) {
            authorityStart = matcher.end();
        } else if (head.startsWith("//")) {
            authorityStart = 2;
        } else {
            return redactPath(head);
        }
        int authorityEnd = head.indexOf('/', authorityStart);
        if (authorityEnd < 0) {
            authorityEnd = head.length();
        }
        StringBuilder out = new StringBuilder(head.length()).append(head, 0, authorityStart);
        // The last '@' ends the user info: an unescaped '@' inside a password must not expose its tail.
        int at = head.lastIndexOf('@', authorityEnd - 1);
        int hostStart = authorityStart;
        if (at >= authorityStart) {
            int colon = head.indexOf(':', authorityStart);
            if (colon < 0 || colon > at) {
                out.append(SecretShapes.redactEncoded(head.substring(authorityStart, at)));
            } else {
                out.append(SecretShapes.redactEncoded(head.substring(authorityStart, colon))).append(':').append(Redactor.REDACTED);
            }
            hostStart = at;
        }
        out.append(head, hostStart, authorityEnd);
        return out.append(redactPath(head.substring(authorityEnd))).toString();
    }

    /** Segment by segment, so that a segment that only shows a secret once decoded is replaced whole and alone. */
    private static String redactPath(String path) {
        StringBuilder out = new StringBuilder(path.length());
        int start = 0;
        while (true) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            out.append(SecretShapes.redactEncoded(path.substring(start, end)));
            if (slash < 0) {
                return out.toString();
            }
            out.append('/');
            start = slash + 1;
        }
    }
}
