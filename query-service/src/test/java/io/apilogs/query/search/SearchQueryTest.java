package io.apilogs.query.search;

import io.apilogs.model.search.SearchGrams;

import io.apilogs.query.InvalidInput;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchQueryTest {
    @Test
    void withoutQuotesTheWholeTextIsOneLiteralTerm() {
        SearchQuery query = SearchQuery.parse("  Doing step  ", null);
        assertThat(query.terms()).containsExactly("Doing step");
        assertThat(query.folded()).containsExactly("doing step");
        assertThat(query.fields()).isEqualTo(SearchField.all());
    }

    @Test
    void quotedPhrasesAndTheWordsBesideThemAreTermsOfTheirOwn() {
        assertThat(SearchQuery.terms("\"order 123\" refund")).containsExactly("order 123", "refund");
        assertThat(SearchQuery.terms("refund \"order 123\" now")).containsExactly("refund", "order 123", "now");
        assertThat(SearchQuery.terms("\"unclosed phrase")).containsExactly("unclosed phrase");
        assertThat(SearchQuery.terms("\"a\" \"a\"")).as("repeats once").containsExactly("a");
        assertThat(SearchQuery.parse("\"\" \"  \"", null)).as("only quotes: no search").isNull();
        assertThat(SearchQuery.parse("   ", null)).isNull();
    }

    @Test
    void keysAreTheUnionOfTheTermsKeys() {
        SearchQuery query = SearchQuery.parse("\"ab\" 退款", null);
        int[] expected = new SearchGrams.Collector(8).add("ab").add("退款").keys();
        assertThat(query.keys()).containsExactly(expected);
        assertThat(Arrays.stream(query.keys()).boxed().toList()).doesNotContain(('b' << 16) | '退');
    }

    @Test
    void inNarrowsToNamedPartsCommaSeparatedOrRepeated() {
        SearchQuery query = SearchQuery.parse("x y", List.of("response,thinking", "toolResult"));
        assertThat(query.fields()).containsExactlyInAnyOrder(SearchField.RESPONSE, SearchField.THINKING, SearchField.TOOL_RESULT);
        assertThat(query.in(SearchField.SUBJECT)).isFalse();
    }

    @Test
    void badInputNamesItsParameter() {
        assertThatThrownBy(() -> SearchQuery.parse("x", List.of("response,nope"))).isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(((InvalidInput) e).field()).isEqualTo("in")).hasMessageContaining("nope");
        assertThatThrownBy(() -> SearchQuery.parse(null, List.of("response"))).isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(((InvalidInput) e).field()).isEqualTo("in"));
        assertThatThrownBy(() -> SearchQuery.parse("x".repeat(501), null)).isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(((InvalidInput) e).field()).isEqualTo("q"));
        assertThatThrownBy(() -> SearchQuery.parse("a b c d e f g h i j \"k\"", null)).isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(((InvalidInput) e).field()).isEqualTo("q"));
    }

    @Test
    void foldKeepsLengthsSoOffsetsHoldInTheOriginal() {
        for (String text : List.of("İSTANBUL", "ΟΔΥΣΣΕΥΣ", "Straße", "ǅemal", "𐐀𐐁 Deseret", "Ça va")) {
            assertThat(SearchQuery.fold(text)).hasSameSizeAs(text);
        }
        assertThat(SearchQuery.fold("ΟΔΥΣΣΕΥΣ")).isEqualTo(SearchQuery.fold("οδυσσευς"));
        assertThat(SearchQuery.fold("İSTANBUL")).isEqualTo("istanbul");
        assertThat(SearchQuery.fold("𐐀")).isEqualTo("𐐨");
    }
}
