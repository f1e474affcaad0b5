package io.apilogs.model.cost;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultPricesTest {
    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
    private static final List<Price> PRICES = DefaultPrices.table().prices();

    @Test
    void loadsOnceWithEveryShippedModel() {
        assertThat(DefaultPrices.table()).isSameAs(DefaultPrices.table()).isSameAs(CostCalculator.defaults());
        assertThat(PRICES).extracting(Price::model).containsOnly(
                "claude-opus-4-1", "claude-opus-4", "claude-opus-4-5", "claude-sonnet-4-5", "claude-sonnet-4",
                "claude-3-7-sonnet", "claude-haiku-4-5", "claude-3-5-haiku",
                "gpt-4o", "gpt-4o-2024-05-13", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano",
                "o3", "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5-nano");
    }

    @Test
    void everyEntryNamesItsSourceAndCheckDate() {
        assertThat(PRICES).allSatisfy(p -> {
            assertThat(p.source()).isEqualTo(CostBreakdown.DEFAULT);
            assertThat(p.sourceUrl()).isIn("https://docs.anthropic.com/en/docs/about-claude/pricing",
                    "https://platform.openai.com/docs/pricing");
            assertThat(p.checkedOn()).matches("\\d{4}-\\d{2}-\\d{2}");
            assertThat(LocalDate.parse(p.checkedOn())).isEqualTo(LocalDate.parse("2026-11-25"));
        });
    }

    @Test
    void hasNoDuplicateModelDateAndTier() {
        Set<String> keys = new HashSet<>();
        assertThat(PRICES).allSatisfy(p ->
                assertThat(keys.add(p.model() + "|" + p.effectiveFrom() + "|" + p.minInputTokens())).isTrue());
    }

    @Test
    void noAliasIsAlsoAModelName() {
        Set<String> models = new HashSet<>();
        PRICES.forEach(p -> models.add(p.model()));
        assertThat(PRICES).flatExtracting(Price::aliases).doesNotContainAnyElementsOf(models);
    }

    @Test
    void keepsDecimalsExact() {
        Price mini = DefaultPrices.table().find("gpt-4o-mini-2024-07-18", NOW, 1).orElseThrow();
        assertThat(mini.cacheReadPerMTok()).isEqualTo(new BigDecimal("0.075"));
        assertThat(mini.cacheWritePerMTok()).isNull();

        Price haiku = DefaultPrices.table().find("claude-3-5-haiku-20241022", NOW, 1).orElseThrow();
        assertThat(haiku.cacheWrite1hPerMTok()).isEqualByComparingTo("1.6");
    }

    @Test
    void resolvesDatedAliasesToTheirModel() {
        assertThat(DefaultPrices.table().find("claude-sonnet-4-5-20250929", NOW, 1)).map(Price::model).contains("claude-sonnet-4-5");
        assertThat(DefaultPrices.table().find("gpt-4o-2024-11-20", NOW, 1)).map(Price::model).contains("gpt-4o");
        assertThat(DefaultPrices.table().find("gpt-4o-2024-05-13", NOW, 1)).map(Price::inputPerMTok).contains(new BigDecimal("5"));
    }

    @Test
    void sonnetLongContextTierStartsAbove200kTokens() {
        assertThat(DefaultPrices.table().find("claude-sonnet-4", NOW, 200_000)).map(Price::inputPerMTok).contains(new BigDecimal("3"));
        assertThat(DefaultPrices.table().find("claude-sonnet-4", NOW, 200_001)).map(Price::inputPerMTok).contains(new BigDecimal("6"));
        assertThat(DefaultPrices.table().find("claude-opus-4-1", NOW, 900_000)).map(Price::inputPerMTok).contains(new BigDecimal("15"));
    }

    @Test
    void o3PriceChangesOn20250610() {
        assertThat(DefaultPrices.table().find("o3", Instant.parse("2025-06-09T12:00:00Z"), 1)).map(Price::outputPerMTok).contains(new BigDecimal("40"));
        assertThat(DefaultPrices.table().find("o3", Instant.parse("2025-06-10T00:00:00Z"), 1)).map(Price::outputPerMTok).contains(new BigDecimal("8.00"));
    }
}
