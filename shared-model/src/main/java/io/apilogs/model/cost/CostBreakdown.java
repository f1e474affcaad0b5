package io.apilogs.model.cost;

import java.math.BigDecimal;

/**
 * A call's cost in USD. With {@code priceSource = client} only {@code total} is known; with {@code unknown-model}
 * nothing is, and the total is null, never 0. With {@code default} or {@code workspace} every part is set and the
 * total is their sum.
 */
public record CostBreakdown(BigDecimal total, BigDecimal input, BigDecimal cacheRead, BigDecimal cacheWrite,
                            BigDecimal output, String priceSource) {
    public static final String CLIENT = "client";
    public static final String UNKNOWN_MODEL = "unknown-model";
    public static final String DEFAULT = "default";
    public static final String WORKSPACE = "workspace";

    public static CostBreakdown client(BigDecimal total) {
        return new CostBreakdown(total, null, null, null, null, CLIENT);
    }

    public static CostBreakdown unknownModel() {
        return new CostBreakdown(null, null, null, null, null, UNKNOWN_MODEL);
    }

    /** A priced call: the total is the sum of the parts as given, so parts and total always add up. */
    public static CostBreakdown priced(BigDecimal input, BigDecimal cacheRead, BigDecimal cacheWrite,
                                       BigDecimal output, String priceSource) {
        BigDecimal total = input.add(cacheRead).add(cacheWrite).add(output);
        return new CostBreakdown(total, input, cacheRead, cacheWrite, output, priceSource);
    }
}
