package io.apilogs.model.redaction;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headers, URL and bodies of any content, through {@link Redactor} and {@link Bodies}: nothing is thrown, redacting
 * twice equals redacting once, and a secret-shaped token planted in free text never comes out.
 */
class RedactorFuzzTest {
    private static final String[] CONTENT_TYPES = {"", "application/json", "application/json; charset=utf-8",
            "application/vnd.api+json", "application/x-www-form-urlencoded", "text/plain", "text/html", "  ", ";"};
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final String ALNUM = BASE64URL.substring(0, 62);
    private static final String UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    @FuzzTest(maxDuration = "5s")
    @DictionaryEntries({"eyJ", "sk-", "sk-proj-", "sk_live_", "AKIA", "ASIA", "ghp_", "github_pat_", "xoxb-", "AIza",
            "api_key", "token", "password", "Authorization", "%20", "%73", "+", "&", "=", "?", "#", "@", ":", "//", "/",
            "{\"", "\":\"", "\"}", "[", "]", "\\u002d"})
    void redactsAnythingOnceAndForAll(FuzzedDataProvider data) {
        String secret = secret(data);
        String planted = " " + secret + " ";
        String headerName = data.consumeString(24);
        String headerValue = data.consumeString(120);
        String url = data.consumeString(200);
        String contentType = data.pickValue(CONTENT_TYPES);
        String body = data.consumeRemainingAsString();
        int at = Math.floorMod(secret.hashCode(), body.length() + 1);

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(headerName, headerValue + planted + headerValue);
        headers.put("Content-Type", contentType);
        Map<String, String> redactedHeaders = Redactor.redactHeaders(headers);
        assertThat(Redactor.redactHeaders(redactedHeaders)).isEqualTo(redactedHeaders);
        assertThat(redactedHeaders.get(headerName)).doesNotContain(planted);

        String redactedUrl = Redactor.redactUrl(url + "?x=" + secret);
        assertThat(Redactor.redactUrl(redactedUrl)).isEqualTo(redactedUrl);
        assertThat(redactedUrl).doesNotEndWith(secret);
        assertThat(Redactor.redactUrl(url)).isEqualTo(Redactor.redactUrl(Redactor.redactUrl(url)));

        String type = contentType.isEmpty() ? null : contentType;
        String withSecret = body.substring(0, at) + planted + body.substring(at);
        String redactedBody = Redactor.redactBodyText(withSecret, type);
        assertThat(redactedBody).doesNotContain(planted);
        assertThat(Redactor.redactBodyText(redactedBody, type)).isEqualTo(redactedBody);
        assertThat(Redactor.redactBodyText(Redactor.redactBodyText(body, type), type))
                .isEqualTo(Redactor.redactBodyText(body, type));

        JsonNode tree = JsonCodec.parseOrNull(body);
        if (tree != null) {
            JsonNode redactedTree = Redactor.redactJson(tree);
            assertThat(Redactor.redactJson(redactedTree)).isEqualTo(redactedTree);
            Bodies.prepare(tree, type, at);
        }
        Bodies.Prepared prepared = Bodies.prepare(TextNode.valueOf(withSecret), type, at);
        assertThat(prepared.value().textValue()).doesNotContain(planted);
        assertThat(Bodies.utf8Length(prepared.value().textValue())).isLessThanOrEqualTo(at);
    }

    /** A token of one of the shapes {@link SecretShapes} knows, its free characters chosen by the fuzzer. */
    private static String secret(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 7)) {
            case 0 -> "eyJ" + chars(data, BASE64URL, 7, 40) + "." + chars(data, BASE64URL, 0, 40) + "." + chars(data, BASE64URL, 0, 40);
            case 1 -> "sk-" + chars(data, BASE64URL, 4, 30) + "A1b2C3d4E5f6G7h8" + chars(data, BASE64URL, 0, 30);
            case 2 -> data.pickValue(new String[]{"sk_live_", "sk_test_", "rk_live_", "rk_test_"}) + chars(data, ALNUM, 16, 40);
            case 3 -> data.pickValue(new String[]{"AKIA", "ASIA"}) + chars(data, UPPER_DIGITS, 16, 16);
            case 4 -> "gh" + data.pickValue(new String[]{"p", "o", "u", "s", "r"}) + "_" + chars(data, ALNUM, 36, 50);
            case 5 -> "github_pat_" + chars(data, ALNUM + "_", 22, 90);
            case 6 -> "xox" + data.pickValue(new String[]{"a", "b", "e", "p", "r", "s"}) + "-1" + chars(data, ALNUM + "-", 9, 60);
            default -> "AIza" + chars(data, BASE64URL, 35, 35);
        };
    }

    private static String chars(FuzzedDataProvider data, String alphabet, int min, int max) {
        int length = data.consumeInt(min, max);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(data.consumeInt(0, alphabet.length() - 1)));
        }
        return out.toString();
    }
}
