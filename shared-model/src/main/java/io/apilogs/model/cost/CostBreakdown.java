package io.apilogs.model.cost;

import java.math.BigDecimal;

/**
 * A call's cost in USD. With {@code priceSource = client} only {@code total} is known; with {@code unknown-model}
 * nothing is, and the total is null, never 0. With {@code default} or {@code workspace} every part is set and the
 * total is their sum.
 *
 * <p>{@code cacheSavings} (priced calls only, else null) is what the cached tokens (reads and writes) would have cost at
 * the input price, minus what they cost: a cache read saves, a cache write's premium costs, so it can be negative; 0
 * without cached tokens.
 */
public record CostBreakdown(BigDecimal total, BigDecimal input, BigDecimal cacheRead, BigDecimal cacheWrite,
                            BigDecimal output, String priceSource, BigDecimal cacheSavings) {
    public static final String CLIENT = "client";
    public static final String UNKNOWN_MODEL = "unknown-model";
    public static final String DEFAULT = "default";
    public static final String WORKSPACE = "workspace";

    public static CostBreakdown client(BigDecimal total) {
        return new CostBreakdown(total, null, null, null, null, CLIENT, null);
    }

    public static CostBreakdown unknownModel() {
        return new CostBreakdown(null, null, null, null, null, UNKNOWN_MODEL, null);
    }

    /**
     * A priced call: the total is the sum of the parts as given, so parts and total always add up. {@code cachedAtInputPrice}
     * is what the cached tokens would have cost at the input price.
     */
    public static CostBreakdown priced(BigDecimal input, BigDecimal cacheRead, BigDecimal cacheWrite,
                                       BigDecimal output, String priceSource, BigDecimal cachedAtInputPrice) {
        BigDecimal total = input.add(cacheRead).add(cacheWrite).add(output);
        return new CostBreakdown(total, input, cacheRead, cacheWrite, output, priceSource,
                cachedAtInputPrice.subtract(cacheRead).subtract(cacheWrite));
    }
}
