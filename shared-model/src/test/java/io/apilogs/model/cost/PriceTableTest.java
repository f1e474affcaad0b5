package io.apilogs.model.cost;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriceTableTest {
    private static final Instant T2024 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant T2025 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void exactModelNameBeatsAnAliasOfTheSameName() {
        PriceTable table = PriceTable.of(List.of(
                price("base", List.of("base-2024"), T2024, 0, "1"),
                price("base-2024", List.of(), T2024, 0, "5")));

        assertThat(table.find("base-2024", T2025, 10)).map(Price::model).contains("base-2024");
        assertThat(table.find("base", T2025, 10)).map(Price::model).contains("base");
    }

    @Test
    void aliasReachesEveryEntryOfItsModel() {
        // The later entry does not repeat the alias, yet a call under the alias still gets the price in force.
        PriceTable table = PriceTable.of(List.of(
                price("m", List.of("m-snap"), T2024, 0, "10"),
                price("m", List.of(), T2025, 0, "2")));

        assertThat(table.find("m-snap", Instant.parse("2024-06-01T00:00:00Z"), 1)).map(Price::inputPerMTok).contains(new BigDecimal("10"));
        assertThat(table.find("m-snap", Instant.parse("2025-06-01T00:00:00Z"), 1)).map(Price::inputPerMTok).contains(new BigDecimal("2"));
    }

    @Test
    void resolvesANameToItsModel() {
        PriceTable table = PriceTable.of(List.of(price("m", List.of("m-snap"), T2024, 0, "1")));

        assertThat(table.resolve("m")).contains("m");
        assertThat(table.resolve("m-snap")).contains("m");
        assertThat(table.resolve("m-other")).isEmpty();
        assertThat(table.resolve(null)).isEmpty();
    }

    @Test
    void neverStripsADateSuffix() {
        PriceTable table = PriceTable.of(List.of(price("gpt-4o", List.of("gpt-4o-2024-08-06"), T2024, 0, "2.5")));

        assertThat(table.find("gpt-4o-2024-08-06", T2025, 1)).isPresent();
        assertThat(table.find("gpt-4o-2024-05-13", T2025, 1)).isEmpty();
        assertThat(table.find("GPT-4O", T2025, 1)).isEmpty();
    }

    @Test
    void picksTheLatestEntryEffectiveAtTheCallTime() {
        PriceTable table = PriceTable.of(List.of(
                price("m", List.of(), T2024, 0, "10"),
                price("m", List.of(), T2025, 0, "2")));

        assertThat(table.find("m", Instant.parse("2023-12-31T23:59:59Z"), 1)).isEmpty();
        assertThat(table.find("m", T2024, 1)).map(Price::inputPerMTok).contains(new BigDecimal("10"));
        assertThat(table.find("m", T2025.minusMillis(1), 1)).map(Price::inputPerMTok).contains(new BigDecimal("10"));
        assertThat(table.find("m", T2025, 1)).map(Price::inputPerMTok).contains(new BigDecimal("2"));
    }

    @Test
    void picksTheHighestTierTheInputReaches() {
        PriceTable table = PriceTable.of(List.of(
                price("m", List.of(), T2024, 200001, "6"),
                price("m", List.of(), T2024, 0, "3")));

        assertThat(table.find("m", T2025, 0)).map(Price::inputPerMTok).contains(new BigDecimal("3"));
        assertThat(table.find("m", T2025, 200000)).map(Price::inputPerMTok).contains(new BigDecimal("3"));
        assertThat(table.find("m", T2025, 200001)).map(Price::inputPerMTok).contains(new BigDecimal("6"));
    }

    @Test
    void aLaterBaseEntryReplacesAnOlderTier() {
        // API.md: the latest effectiveFrom among the tiers reached wins, so a price change must restate its tiers.
        PriceTable table = PriceTable.of(List.of(
                price("m", List.of(), T2024, 0, "3"),
                price("m", List.of(), T2024, 200001, "6"),
                price("m", List.of(), T2025, 0, "1")));

        assertThat(table.find("m", Instant.parse("2024-06-01T00:00:00Z"), 300000)).map(Price::inputPerMTok).contains(new BigDecimal("6"));
        assertThat(table.find("m", Instant.parse("2025-06-01T00:00:00Z"), 300000)).map(Price::inputPerMTok).contains(new BigDecimal("1"));
    }

    @Test
    void tierOnlyTableHasNoPriceForSmallInputs() {
        PriceTable table = PriceTable.of(List.of(price("m", List.of(), T2024, 1000, "6")));

        assertThat(table.find("m", T2025, 999)).isEmpty();
        assertThat(table.find("m", T2025, 1000)).isPresent();
    }

    @Test
    void unknownOrNullModelFindsNothing() {
        PriceTable table = PriceTable.of(List.of(price("m", List.of(), T2024, 0, "1")));

        assertThat(table.find("other", T2025, 1)).isEmpty();
        assertThat(table.find(null, T2025, 1)).isEmpty();
        assertThat(PriceTable.empty().find("m", T2025, 1)).isEmpty();
        assertThat(PriceTable.of(List.of()).isEmpty()).isTrue();
    }

    @Test
    void rejectsTwoPricesForTheSameModelDateAndTier() {
        List<Price> prices = List.of(price("m", List.of(), T2024, 0, "1"), price("m", List.of(), T2024, 0, "2"));

        assertThatThrownBy(() -> PriceTable.of(prices)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m");
    }

    @Test
    void rejectsOneAliasClaimedByTwoModels() {
        List<Price> prices = List.of(price("a", List.of("x"), T2024, 0, "1"), price("b", List.of("x"), T2024, 0, "2"));

        assertThatThrownBy(() -> PriceTable.of(prices)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x");
    }

    @Test
    void keepsTheGivenOrderAndCannotBeChanged() {
        List<Price> input = new ArrayList<>(List.of(price("b", List.of(), T2024, 0, "1"), price("a", List.of(), T2024, 0, "2")));
        PriceTable table = PriceTable.of(input);
        input.clear();

        assertThat(table.prices()).extracting(Price::model).containsExactly("b", "a");
        assertThatThrownBy(() -> table.prices().add(price("c", List.of(), T2024, 0, "1")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void priceRejectsMissingOrNegativeRates() {
        assertThatThrownBy(() -> new Price("m", null, T2024, 0, null, BigDecimal.ONE, null, null, null, "workspace", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inputPerMTok");
        assertThatThrownBy(() -> new Price("m", null, T2024, 0, BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("-1"), null, null, "workspace", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cacheReadPerMTok");
        assertThatThrownBy(() -> new Price("m", null, T2024, -1, BigDecimal.ONE, BigDecimal.ONE, null, null, null, "workspace", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Price(" ", null, T2024, 0, BigDecimal.ONE, BigDecimal.ONE, null, null, null, "workspace", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Price("m", null, T2024, 0, BigDecimal.ONE, BigDecimal.ONE, null, null, null, "workspace", null, null).aliases()).isEmpty();
    }

    private static Price price(String model, List<String> aliases, Instant from, long minInputTokens, String input) {
        return new Price(model, aliases, from, minInputTokens, new BigDecimal(input), BigDecimal.ONE,
                null, null, null, CostBreakdown.WORKSPACE, null, null);
    }
}
