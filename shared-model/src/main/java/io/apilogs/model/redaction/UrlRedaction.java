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
        out.append(redactUserInfoPassword(head));
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

    /** {@code scheme://user:pass@host/...}: only the password goes; the user name helps debugging and is kept. */
    private static String redactUserInfoPassword(String head) {
        int authorityStart;
        var matcher = SCHEME_AND_SLASHES.matcher(head);
        if (matcher.find()) {
            authorityStart = matcher.end();
        } else if (head.startsWith("//")) {
            authorityStart = 2;
        } else {
            return head;
        }
        int authorityEnd = head.indexOf('/', authorityStart);
        if (authorityEnd < 0) {
            authorityEnd = head.length();
        }
        // The last '@' ends the user info: an unescaped '@' inside a password must not expose its tail.
        int at = head.lastIndexOf('@', authorityEnd - 1);
        if (at < authorityStart) {
            return head;
        }
        int colon = head.indexOf(':', authorityStart);
        if (colon < 0 || colon > at) {
            return head;
        }
        return head.substring(0, colon + 1) + Redactor.REDACTED + head.substring(at);
    }
}
