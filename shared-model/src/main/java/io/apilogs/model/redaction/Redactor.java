package io.apilogs.model.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Credential redaction for {@code http_request} events (API.md section 1). It runs before an event goes
 * anywhere, Kafka included, so every method is total: odd input is passed through or redacted, never thrown on.
 *
 * <p>Rule: every present value of a secret-like name becomes {@link #REDACTED}, even an empty one, so
 * the output never depends on what the secret was. Only truly absent values (a {@code null} header value,
 * a query parameter without {@code =}) stay as they are.
 *
 * <p>On top of the names, well-known secret shapes (JWTs, {@code sk-…} keys, AWS key ids, GitHub, Slack, Stripe and
 * Google tokens; see {@link SecretShapes}) are redacted by value wherever they stand, whatever the name: in every
 * header value, in the URL (user name, path segments, query and fragment), in JSON keys and string values, in form
 * names and values, and in bodies that are neither JSON nor form. Only the matched token becomes {@link #REDACTED};
 * the text around it is kept. Redacting twice gives the same result as redacting once.
 */
public final class Redactor {
    public static final String REDACTED = "[REDACTED]";

    /** Named in API.md; all of them also match by segment, but are listed so the rule never depends on that. */
    private static final Set<String> ALWAYS_SECRET_HEADERS = Set.of(
            "authorization", "proxy-authorization", "cookie", "set-cookie");

    private static final String FORM = "application/x-www-form-urlencoded";

    private Redactor() {
    }

    /** See {@link SecretNames}: API.md's {@code _ - .} segments, plus camelCase boundaries. */
    public static boolean isSecretName(String name) {
        return SecretNames.isSecret(name);
    }

    /** A new map in the same order; null for null. Other headers keep their value, less any secret-shaped token. */
    public static Map<String, String> redactHeaders(Map<String, String> headers) {
        if (headers == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((name, value) -> out.put(name, redactHeaderValue(name, value)));
        return out;
    }

    private static String redactHeaderValue(String name, String value) {
        if (value == null) {
            return null;
        }
        return isSecretHeader(name) ? REDACTED : TextSecrets.headerValue(value);
    }

    /**
     * Free text (an error message, a plain-text body, an attribute value): secret shapes, PEM keys, bearer credentials,
     * URL credentials, and values of secret-like names ({@code password: …}); see {@link TextSecrets}. Null for null.
     */
    public static String redactText(String text) {
        return TextSecrets.text(text);
    }

    /**
     * Conversation content (messages, responses, thinking, tool inputs and results, system prompts): secret shapes, PEM
     * keys, bearer credentials and URL credentials, but no judging by name (a prompt about {@code password = input()}
     * stays as written). The same instance when nothing was found.
     */
    public static String redactContent(String text) {
        return TextSecrets.content(text);
    }

    /** {@link #redactContent} over every string of a JSON value (keys too); the same instance when nothing changed. */
    public static JsonNode redactContent(JsonNode value) {
        return ContentJson.redact(value);
    }

    private static boolean isSecretHeader(String name) {
        return name != null
                && (ALWAYS_SECRET_HEADERS.contains(name.trim().toLowerCase(Locale.ROOT)) || isSecretName(name.trim()));
    }

    /**
     * Redacts values of secret-like query parameters (judged on the URL-decoded name), the same in the
     * fragment, the password of {@code user:password@}, and secret-shaped tokens in the user name, the path
     * segments, the query and the fragment (not in the host). Everything else is returned byte-identical.
     */
    public static String redactUrl(String url) {
        return url == null ? null : UrlRedaction.redact(url);
    }

    /**
     * A deep copy in which every field with a secret-like name, whatever its value, holds the string {@link #REDACTED},
     * and secret-shaped tokens in other strings and in field names are replaced. Two field names that only differ by
     * a secret token become one field (the last one wins): the names themselves must not survive.
     */
    public static JsonNode redactJson(JsonNode body) {
        return redactJson(body, SecretShapes::redact);
    }

    /**
     * The same for attributes a source reported (OpenTelemetry span attributes): string values are free text
     * ({@link #redactText}), since {@code url.full}, {@code url.query} or {@code db.connection_string} hold credentials
     * the names do not show.
     */
    public static JsonNode redactAttributes(JsonNode attributes) {
        return redactJson(attributes, TextSecrets::text);
    }

    private static JsonNode redactJson(JsonNode body, java.util.function.UnaryOperator<String> strings) {
        if (body == null) {
            return null;
        }
        if (body.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : body.properties()) {
                out.set(SecretShapes.redact(field.getKey()),
                        isSecretName(field.getKey()) ? TextNode.valueOf(REDACTED) : redactJson(field.getValue(), strings));
            }
            return out;
        }
        if (body.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode(body.size());
            body.forEach(element -> out.add(redactJson(element, strings)));
            return out;
        }
        if (body.isTextual()) {
            String text = body.textValue();
            String redacted = strings.apply(text);
            return redacted == text ? body : TextNode.valueOf(redacted);
        }
        return body.deepCopy();
    }

    /**
     * Redacts a body given as text. JSON (by content type, or with no content type when the text is a JSON
     * object or array) is redacted as a tree and written back compactly. A form body (by content type, or with
     * no content type when it looks like {@code k=v&k2=v2}) keeps every byte but the secret values and
     * secret-shaped tokens. Anything else, including a body whose content type says JSON but which does not parse
     * and is no form, is redacted as text ({@link #redactText}).
     */
    public static String redactBodyText(String body, String contentType) {
        if (body == null) {
            return null;
        }
        String mediaType = mediaType(contentType);
        if (mediaType == null) {
            if (looksLikeJsonContainer(body)) {
                JsonNode tree = JsonCodec.parseOrNull(body);
                if (tree != null && tree.isContainerNode()) {
                    return JsonCodec.compact(redactJson(tree));
                }
            }
            return formOrText(body);
        }
        if (isJson(mediaType)) {
            JsonNode tree = JsonCodec.parseOrNull(body);
            if (tree != null) {
                return JsonCodec.compact(redactJson(tree));
            }
            return formOrText(body);
        }
        if (mediaType.equals(FORM)) {
            return FormPairs.redact(body);
        }
        return TextSecrets.text(body);
    }

    /**
     * A body that looks like a form is redacted as one; other text as text, and then as a form too when redacting it left
     * it looking like one (a value with a space or a control character became [REDACTED]), so that a second pass, which
     * would take it for a form, finds nothing more.
     */
    private static String formOrText(String body) {
        if (looksLikeForm(body)) {
            return FormPairs.redact(body);
        }
        String text = TextSecrets.text(body);
        return looksLikeForm(text) ? FormPairs.redact(text) : text;
    }

    /** {@code "Application/JSON; charset=utf-8"} → {@code "application/json"}; null when absent or blank. */
    private static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return type.isEmpty() ? null : type;
    }

    /** {@code application/json}, {@code text/json}, {@code application/x-json} and structured {@code +json} types. */
    private static boolean isJson(String mediaType) {
        int slash = mediaType.indexOf('/');
        String subtype = slash < 0 ? mediaType : mediaType.substring(slash + 1);
        return subtype.equals("json") || subtype.equals("x-json") || subtype.endsWith("+json");
    }

    private static boolean looksLikeJsonContainer(String body) {
        String trimmed = body.strip();
        return trimmed.startsWith("{") || trimmed.startsWith("[");
    }

    /**
     * Deliberately loose: a false positive only means secret-named pairs get redacted, which is harmless,
     * while a false negative would leak. Whitespace rules out prose and pretty-printed data.
     */
    private static boolean looksLikeForm(String body) {
        if (body.isEmpty() || body.indexOf('=') < 0) {
            return false;
        }
        for (int i = 0; i < body.length(); i++) {
            if (Character.isWhitespace(body.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
