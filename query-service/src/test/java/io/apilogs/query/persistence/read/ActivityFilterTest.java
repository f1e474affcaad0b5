package io.apilogs.query.persistence.read;

import io.apilogs.query.InvalidInput;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The filter's parameters: every bad value is refused naming its parameter. */
class ActivityFilterTest {
    private static void refused(Runnable parse, String field) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void statusIsErrorOrOk() {
        assertThat(ActivityFilter.parse(null, null, null, List.of(), List.of(), null, "error", null).errors()).isTrue();
        assertThat(ActivityFilter.parse(null, null, null, List.of(), List.of(), null, "ok", null).errors()).isFalse();
        assertThat(ActivityFilter.parse(null, null, null, List.of(), List.of(), null, "", null).errors()).isNull();
        refused(() -> ActivityFilter.parse(null, null, null, List.of(), List.of(), null, "failed", null), "status");
    }

    @Test
    void rangesAreNonNegativeNumbersWithMinimaAtMostTheirMaxima() {
        FilterRanges ranges = FilterRanges.parse("0.25", "1", "10", "10", "0", "5000");
        assertThat(ranges.minCostUsd()).isEqualByComparingTo(new BigDecimal("0.25"));
        assertThat(ranges.maxTokens()).isEqualTo(10L);
        refused(() -> FilterRanges.parse("-1", null, null, null, null, null), "minCostUsd");
        refused(() -> FilterRanges.parse(null, "a lot", null, null, null, null), "maxCostUsd");
        refused(() -> FilterRanges.parse(null, "1e9", null, null, null, null), "maxCostUsd");
        refused(() -> FilterRanges.parse("2", "1", null, null, null, null), "minCostUsd");
        refused(() -> FilterRanges.parse(null, null, "1.5", null, null, null), "minTokens");
        refused(() -> FilterRanges.parse(null, null, "5", "4", null, null), "minTokens");
        refused(() -> FilterRanges.parse(null, null, null, null, "-3", null), "minDurationMs");
        refused(() -> FilterRanges.parse(null, null, null, null, "10", "9"), "minDurationMs");
        refused(() -> FilterRanges.parse(null, null, null, "99999999999999999999", null, null), "maxTokens");
    }
}
