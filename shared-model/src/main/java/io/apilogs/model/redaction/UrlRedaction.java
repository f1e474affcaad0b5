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
                // A user name alone can be a token (https://TOKEN@host): one that looks random goes.
                String user = head.substring(authorityStart, at);
                out.append(looksRandom(user) ? Redactor.REDACTED : SecretShapes.redactEncoded(user));
            } else {
                out.append(SecretShapes.redactEncoded(head.substring(authorityStart, colon))).append(':').append(Redactor.REDACTED);
            }
            hostStart = at;
        }
        out.append(head, hostStart, authorityEnd);
        String host = head.substring(at >= authorityStart ? at + 1 : authorityStart, authorityEnd).toLowerCase(java.util.Locale.ROOT);
        int port = host.lastIndexOf(':');
        host = port > host.lastIndexOf(']') ? host.substring(0, port) : host;
        return out.append(webhookPath(host, redactPath(head.substring(authorityEnd)))).toString();
    }

    /**
     * Webhook URLs carry their credential in the path: Slack's {@code hooks.slack.com/services/T…/B…/<secret>} and
     * Discord's {@code /api/webhooks/<id>/<token>}. Their secret part goes.
     */
    private static String webhookPath(String host, String path) {
        if (host.equals("hooks.slack.com") && path.startsWith("/services/") && path.length() > "/services/".length()) {
            return "/services/" + Redactor.REDACTED;
        }
        if ((host.equals("discord.com") || host.equals("discordapp.com")) && path.startsWith("/api/webhooks/")) {
            int token = path.indexOf('/', "/api/webhooks/".length());
            return token < 0 ? path : path.substring(0, token + 1) + Redactor.REDACTED;
        }
        return path;
    }

    /** At least 16 characters of letters and digits, holding both: a token rather than a user name. */
    private static boolean looksRandom(String user) {
        if (user.length() < 16) {
            return false;
        }
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
        }
        return letter && digit;
    }

    /**
     * Segment by segment, so that a segment that only shows a secret once decoded is replaced whole and alone. A
     * segment's matrix parameters ({@code ;jsessionid=…}) lose the values of secret-like names.
     */
    private static String redactPath(String path) {
        StringBuilder out = new StringBuilder(path.length());
        int start = 0;
        while (true) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            out.append(matrix(SecretShapes.redactEncoded(path.substring(start, end))));
            if (slash < 0) {
                return out.toString();
            }
            out.append('/');
            start = slash + 1;
        }
    }

    private static String matrix(String segment) {
        int semicolon = segment.indexOf(';');
        if (semicolon < 0) {
            return segment;
        }
        StringBuilder out = new StringBuilder(segment.length()).append(segment, 0, semicolon);
        for (String parameter : segment.substring(semicolon + 1).split(";", -1)) {
            int equals = parameter.indexOf('=');
            out.append(';');
            if (equals > 0 && SecretNames.isSecretParameter(FormPairs.decodeLeniently(parameter.substring(0, equals)))) {
                out.append(parameter, 0, equals + 1).append(Redactor.REDACTED);
            } else {
                out.append(parameter);
            }
        }
        return out.toString();
    }
}
