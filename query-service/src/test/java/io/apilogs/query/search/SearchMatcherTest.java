package io.apilogs.query.search;

import io.apilogs.model.search.SearchGrams;
import io.apilogs.model.search.SearchTexts;

import io.apilogs.query.view.SearchMatch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SearchMatcherTest {
    private static SearchMatcher matcher(String q, String... in) {
        return new SearchMatcher(SearchQuery.parse(q, in.length == 0 ? null : List.of(in)));
    }

    @Test
    void matchesCaseInsensitivelyInEveryScript() {
        assertThat(matcher("doing STEP").text(SearchField.RESPONSE, "Doing step 3 of 7").matched()).isTrue();
        assertThat(matcher("CAFÉ").text(SearchField.RESPONSE, "Le café était chaud").matched()).isTrue();
        assertThat(matcher("οδυσσευς").text(SearchField.RESPONSE, "ΟΔΥΣΣΕΥΣ").matched()).as("final sigma").isTrue();
        assertThat(matcher("istanbul").text(SearchField.RESPONSE, "İSTANBUL").matched()).as("dotted capital I").isTrue();
        assertThat(matcher("退款").text(SearchField.RESPONSE, "请帮我办理退款，订单号12345").matched()).isTrue();
        assertThat(matcher("退货").text(SearchField.RESPONSE, "请帮我办理退款").matched()).isFalse();
        assertThat(matcher("🚚").text(SearchField.RESPONSE, "shipped 🚚📦").matched()).isTrue();
        assertThat(matcher("map.get(\"key\")").text(SearchField.RESPONSE, "return map.get(\"key\");").matched()).isTrue();
    }

    @Test
    void everyTermMustBeSomewhereInTheItemInTheSearchedParts() {
        SearchMatcher both = matcher("\"refund policy\" days").text(SearchField.TOOL_INPUT, "refund policy")
                .text(SearchField.TOOL_RESULT, "Refunds take 5 days");
        assertThat(both.matched()).isTrue();
        assertThat(both.matches()).extracting(SearchMatch::field).containsExactly("toolInput", "toolResult");
        assertThat(matcher("\"refund policy\" weeks").text(SearchField.TOOL_INPUT, "refund policy").matched()).isFalse();
        assertThat(matcher("refund", "toolResult").text(SearchField.TOOL_INPUT, "refund policy").matched()).as("in= narrows").isFalse();
        assertThat(matcher("refund", "toolResult").matches()).isEmpty();
    }

    @Test
    void snippetsSitAroundTheMatchWithItsOffsets() {
        String text = "x".repeat(500) + "\nThe Refund was sent\n" + "y".repeat(500);
        SearchMatch match = matcher("refund").text(SearchField.RESPONSE, text).matches().get(0);
        int[] h = {match.highlight().get(0), match.highlight().get(1)};
        assertThat(match.snippet().substring(h[0], h[1])).isEqualTo("Refund");
        assertThat(match.snippet()).startsWith("…").endsWith("…").doesNotContain("\n");
        assertThat(match.snippet().length()).isLessThanOrEqualTo(SearchMatcher.BEFORE + SearchMatcher.AFTER + "refund".length() + 4);
        SearchMatch start = matcher("hello").text(SearchField.RESPONSE, "Hello there").matches().get(0);
        assertThat(start.snippet()).isEqualTo("Hello there");
        assertThat(start.highlight()).containsExactly(0, 5);
    }

    @Test
    void aSnippetNeverSplitsASurrogatePair() {
        String text = "😀".repeat(100) + "match" + "😀".repeat(100);
        SearchMatch match = matcher("match").text(SearchField.RESPONSE, text).matches().get(0);
        String snippet = match.snippet();
        for (int i = 0; i < snippet.length(); i++) {
            char c = snippet.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(Character.isLowSurrogate(snippet.charAt(i + 1))).isTrue();
            } else if (Character.isLowSurrogate(c)) {
                assertThat(i > 0 && Character.isHighSurrogate(snippet.charAt(i - 1))).isTrue();
            }
        }
        assertThat(snippet.substring(match.highlight().get(0), match.highlight().get(1))).isEqualTo("match");
    }

    @Test
    void atMostThreeSnippetsOnePerPart() {
        SearchMatcher m = matcher("a");
        for (SearchField field : SearchField.values()) {
            m.text(field, "a and a");
        }
        assertThat(m.matches()).hasSize(SearchMatcher.MAX_MATCHES).extracting(SearchMatch::field).doesNotHaveDuplicates();
    }

    @Test
    void jsonTextsLeaveOutTheFormatsOwnRoleAndType() {
        String messages = "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Where is order 77?\"}]}]";
        List<String> texts = new ArrayList<>();
        SearchTexts.json(messages, true, texts::add);
        assertThat(texts).containsExactly("Where is order 77?");
        assertThat(matcher("user").json(SearchField.MESSAGES, messages, true).matched()).isFalse();
        assertThat(matcher("order 77").json(SearchField.MESSAGES, messages, true).matched()).isTrue();
        List<String> attributes = new ArrayList<>();
        SearchTexts.json("{\"type\":\"premium\",\"n\":12.5,\"ok\":true,\"s\":\"caf\\u00e9\"}", false, attributes::add);
        assertThat(attributes).containsExactly("premium", "12.5", "café");
    }

    /** The writer's keys of a JSON value (from the parser's buffer) are the keys of the texts the reader checks. */
    @Test
    void theWritersJsonKeysAreTheKeysOfTheReadersTexts() {
        String json = "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Ça VA? \\u00e9t\u00e9 \\ud83d\\ude9a 退款\"}],\"n\":12.5}]";
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (boolean structural : new boolean[] {true, false}) {
            SearchGrams.Collector expected = new SearchGrams.Collector(16);
            SearchTexts.json(json, structural, expected::add);
            SearchGrams.Collector actual = new SearchGrams.Collector(16);
            SearchTexts.keys(bytes, 0, bytes.length, structural, actual, null);
            assertThat(actual.keys()).containsExactly(expected.keys());
        }
    }

    @Test
    void aMatchNeverSpansTwoJsonStrings() {
        assertThat(matcher("ab").json(SearchField.BODY, "[\"a\",\"b\"]", false).matched()).isFalse();
        assertThat(SearchGrams.of("a")).isEmpty();
    }
}
