package io.apilogs.model.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodiesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int KIB_64 = 64 * 1024;

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void noBody() {
        assertThat(Bodies.prepare(null, "application/json", KIB_64)).isEqualTo(new Bodies.Prepared(null, 0, false));
        assertThat(Bodies.prepare(NullNode.getInstance(), null, KIB_64)).isEqualTo(new Bodies.Prepared(null, 0, false));
    }

    @Test
    void jsonBodyIsRedactedAndSizedBeforeRedaction() throws Exception {
        JsonNode body = MAPPER.readTree("{\"api_key\":\"sk-0123456789\",\"q\":\"é\"}");

        Bodies.Prepared prepared = Bodies.prepare(body, "application/json", KIB_64);

        assertThat(prepared.value()).isEqualTo(MAPPER.readTree("{\"api_key\":\"[REDACTED]\",\"q\":\"é\"}"));
        assertThat(prepared.originalBytes()).isEqualTo(utf8("{\"api_key\":\"sk-0123456789\",\"q\":\"é\"}"));
        assertThat(prepared.truncated()).isFalse();
    }

    @Test
    void stringBodyIsRedactedByItsContentType() {
        String form = "user=u&password=hunter2";

        Bodies.Prepared prepared = Bodies.prepare(TextNode.valueOf(form), "application/x-www-form-urlencoded", KIB_64);

        assertThat(prepared.value()).isEqualTo(TextNode.valueOf("user=u&password=[REDACTED]"));
        assertThat(prepared.originalBytes()).isEqualTo(form.length());
        assertThat(prepared.truncated()).isFalse();

        String spaced = "{ \"token\" : \"t\" }";
        Bodies.Prepared json = Bodies.prepare(TextNode.valueOf(spaced), "application/json", KIB_64);
        assertThat(json.value()).isEqualTo(TextNode.valueOf("{\"token\":\"[REDACTED]\"}"));
        assertThat(json.originalBytes()).isEqualTo(utf8(spaced));
    }

    @Test
    void overLongJsonBecomesATruncatedString() throws Exception {
        JsonNode body = MAPPER.readTree("{\"text\":\"" + "a".repeat(100) + "\"}");

        Bodies.Prepared prepared = Bodies.prepare(body, null, 20);

        assertThat(prepared.truncated()).isTrue();
        assertThat(prepared.value()).isEqualTo(TextNode.valueOf("{\"text\":\"aaaaaaaaaaa"));
        assertThat(prepared.originalBytes()).isEqualTo(111);
    }

    @Test
    void exactlyAtTheLimitIsNotTruncated() {
        Bodies.Prepared prepared = Bodies.prepare(TextNode.valueOf("héllo"), "text/plain", 6);
        assertThat(prepared).isEqualTo(new Bodies.Prepared(TextNode.valueOf("héllo"), 6, false));
        assertThat(Bodies.prepare(TextNode.valueOf("héllo"), "text/plain", 5).value()).isEqualTo(TextNode.valueOf("héll"));
    }

    @Test
    void aSecretPastTheCutDoesNotLeakEvenInPart() throws Exception {
        String secret = "sk-live-0123456789abcdef";
        String text = "{\"padding\":\"" + "x".repeat(40) + "\",\"api_key\":\"" + secret + "\"}";
        for (int cut = 40; cut < utf8(text) + 5; cut++) {
            Bodies.Prepared asJson = Bodies.prepare(MAPPER.readTree(text), "application/json", cut);
            Bodies.Prepared asText = Bodies.prepare(TextNode.valueOf(text), "application/json", cut);
            for (Bodies.Prepared prepared : new Bodies.Prepared[] {asJson, asText}) {
                String stored = prepared.value().isTextual() ? prepared.value().textValue() : prepared.value().toString();
                assertThat(stored).doesNotContain("sk-");
                assertThat(prepared.originalBytes()).isEqualTo(utf8(text));
            }
        }
    }

    @Test
    void truncationNeverSplitsACodePoint() {
        String s = "ab😀c"; // 😀 is 4 bytes, a surrogate pair in UTF-16
        assertThat(Bodies.truncateUtf8(s, 2)).isEqualTo("ab");
        assertThat(Bodies.truncateUtf8(s, 3)).isEqualTo("ab");
        assertThat(Bodies.truncateUtf8(s, 5)).isEqualTo("ab");
        assertThat(Bodies.truncateUtf8(s, 6)).isEqualTo("ab😀");
        assertThat(Bodies.truncateUtf8(s, 7)).isEqualTo("ab😀c");
        assertThat(Bodies.truncateUtf8("€€", 5)).isEqualTo("€");
        assertThat(Bodies.truncateUtf8("éé", 3)).isEqualTo("é");
        assertThat(Bodies.truncateUtf8("abc", 0)).isEmpty();
        assertThat(Bodies.truncateUtf8(null, 3)).isNull();
        assertThatThrownBy(() -> Bodies.truncateUtf8("a", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncatedBodyWithEmojiAtTheCut() {
        Bodies.Prepared prepared = Bodies.prepare(TextNode.valueOf("x😀😀"), null, 7);
        assertThat(prepared).isEqualTo(new Bodies.Prepared(TextNode.valueOf("x😀"), 9, true));
    }

    @Test
    void utf8LengthMatchesTheJdkEvenForLoneSurrogates() {
        for (String s : new String[] {"", "abc", "é€😀", "a\uD83D", "\uDE00b", "\uD800\uD800"}) {
            assertThat(Bodies.utf8Length(s)).as(s).isEqualTo(utf8(s));
        }
        // A supplementary code point whose low 16 bits look like a surrogate must still count 4 bytes.
        String highPlane = new String(Character.toChars(0x1D800));
        assertThat(Bodies.utf8Length(highPlane)).isEqualTo(4);
    }

    @Test
    void negativeLimitIsAProgrammingError() {
        assertThatThrownBy(() -> Bodies.prepare(TextNode.valueOf("a"), null, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
