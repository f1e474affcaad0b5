package io.apilogs.query.persistence.read;

import io.apilogs.model.validation.EventParser;
import io.apilogs.query.InvalidInput;

import java.math.BigDecimal;

/**
 * Inclusive bounds on a conversation's totals (issue 25), each null when absent: its cost in USD (a conversation
 * with no priced call has none, and matches no cost bound), its total tokens, and its span in milliseconds.
 */
public record FilterRanges(BigDecimal minCostUsd, BigDecimal maxCostUsd, Long minTokens, Long maxTokens, Long minDurationMs,
                           Long maxDurationMs) {
    public static final FilterRanges NONE = new FilterRanges(null, null, null, null, null, null);

    /** Each value a non-negative number, each minimum at most its maximum; a 400 naming the parameter otherwise. */
    public static FilterRanges parse(String minCostUsd, String maxCostUsd, String minTokens, String maxTokens, String minDurationMs,
                                     String maxDurationMs) {
        FilterRanges ranges = new FilterRanges(money("minCostUsd", minCostUsd), money("maxCostUsd", maxCostUsd),
                count("minTokens", minTokens), count("maxTokens", maxTokens), count("minDurationMs", minDurationMs),
                count("maxDurationMs", maxDurationMs));
        if (ranges.minCostUsd != null && ranges.maxCostUsd != null && ranges.minCostUsd.compareTo(ranges.maxCostUsd) > 0) {
            throw new InvalidInput("minCostUsd", "must not be more than maxCostUsd");
        }
        if (ranges.minTokens != null && ranges.maxTokens != null && ranges.minTokens > ranges.maxTokens) {
            throw new InvalidInput("minTokens", "must not be more than maxTokens");
        }
        if (ranges.minDurationMs != null && ranges.maxDurationMs != null && ranges.minDurationMs > ranges.maxDurationMs) {
            throw new InvalidInput("minDurationMs", "must not be more than maxDurationMs");
        }
        return ranges;
    }

    private static BigDecimal money(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            BigDecimal amount = new BigDecimal(value);
            if (amount.signum() < 0 || amount.compareTo(EventParser.COST_LIMIT) >= 0) {
                throw new InvalidInput(name, "must be a number from 0 to less than 1000000");
            }
            return amount;
        } catch (NumberFormatException e) {
            throw new InvalidInput(name, "must be a decimal number of USD, such as 0.25");
        }
    }

    private static Long count(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw new InvalidInput(name, "must not be negative");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInput(name, "must be a whole number");
        }
    }
}
