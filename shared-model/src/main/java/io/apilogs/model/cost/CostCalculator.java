package io.apilogs.model.cost;

import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.Usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Prices a call by API.md section 4. A client-supplied {@code costUsd} is used as is; otherwise a workspace price
 * beats the bundled default, and a model with neither is {@code unknown-model}, with a null cost, never 0. A
 * workspace price for a model also covers the dated names the default table lists as that model's aliases.
 *
 * <p>Token counts have one meaning (input includes the cache tokens, output includes reasoning), so cache tokens
 * are taken out of the input before pricing and reasoning is never added. Each part is rounded to 9 decimals
 * (a nano-dollar) half-up, and the total is the sum of the rounded parts so that the stored parts add up exactly.
 *
 * <p>A missing cache price falls back to the input price, because then the provider bills those tokens as plain
 * input (OpenAI has no cache-write price). A missing 1-hour write price falls back to the 5-minute write price
 * when there is one: a write is still a write, and that is the closer price.
 */
public final class CostCalculator {
    static final int SCALE = 9;
    private static final int PER_MILLION = 6;

    public static PriceTable defaults() {
        return DefaultPrices.table();
    }

    /** Prices with the bundled defaults only, for callers that have no workspace prices. */
    public CostBreakdown cost(LlmCallEvent call) {
        return cost(call, PriceTable.empty());
    }

    public CostBreakdown cost(LlmCallEvent call, PriceTable workspacePrices) {
        return cost(call.model(), call.startedAt(), call.usage(), call.costUsd(), workspacePrices, defaults());
    }

    /** The full form, used for repricing stored calls against a given pair of tables. */
    public CostBreakdown cost(String model, Instant startedAt, Usage usage, BigDecimal clientCostUsd,
                              PriceTable workspace, PriceTable defaults) {
        if (clientCostUsd != null) {
            return CostBreakdown.client(clientCostUsd);
        }
        Objects.requireNonNull(startedAt, "startedAt");
        Usage tokens = usage == null ? Usage.EMPTY : usage;
        long inputTokens = tokens.inputOrZero();
        Optional<Price> workspacePrice = lookup(workspace, model, startedAt, inputTokens)
                .or(() -> lookupUnderDefaultName(workspace, defaults, model, startedAt, inputTokens));
        if (workspacePrice.isPresent()) {
            return price(tokens, workspacePrice.get(), CostBreakdown.WORKSPACE);
        }
        return lookup(defaults, model, startedAt, inputTokens)
                .map(price -> price(tokens, price, CostBreakdown.DEFAULT))
                .orElseGet(CostBreakdown::unknownModel);
    }

    private static Optional<Price> lookup(PriceTable table, String model, Instant at, long inputTokens) {
        return table == null ? Optional.empty() : table.find(model, at, inputTokens);
    }

    /**
     * Providers report dated names ({@code gpt-4o-2024-08-06} for a request to {@code gpt-4o}), so a workspace
     * price set for the model must also reach the snapshots the default table knows as its aliases. A workspace
     * entry for the dated name itself was already preferred by the direct lookup.
     */
    private static Optional<Price> lookupUnderDefaultName(PriceTable workspace, PriceTable defaults, String model,
                                                          Instant at, long inputTokens) {
        if (workspace == null || workspace.isEmpty() || defaults == null) {
            return Optional.empty();
        }
        return defaults.resolve(model)
                .filter(canonical -> !canonical.equals(model))
                .flatMap(canonical -> workspace.find(canonical, at, inputTokens));
    }

    private static CostBreakdown price(Usage usage, Price price, String source) {
        long cacheRead = usage.cacheReadOrZero();
        long cacheWrite = usage.cacheWriteOrZero();
        long cacheWrite1h = Math.min(usage.cacheWrite1hOrZero(), cacheWrite);
        // Ingest rejects inconsistent counts; clamping keeps a stray old row from ever costing less than nothing.
        long uncachedInput = Math.max(0, usage.inputOrZero() - cacheRead - cacheWrite);

        BigDecimal inputRate = price.inputPerMTok();
        BigDecimal cacheReadRate = orElse(price.cacheReadPerMTok(), inputRate);
        BigDecimal cacheWriteRate = orElse(price.cacheWritePerMTok(), inputRate);
        BigDecimal cacheWrite1hRate = orElse(price.cacheWrite1hPerMTok(), cacheWriteRate);

        BigDecimal input = round(times(uncachedInput, inputRate));
        BigDecimal read = round(times(cacheRead, cacheReadRate));
        BigDecimal write = round(times(cacheWrite - cacheWrite1h, cacheWriteRate)
                .add(times(cacheWrite1h, cacheWrite1hRate)));
        BigDecimal output = round(times(usage.outputOrZero(), price.outputPerMTok()));
        return CostBreakdown.priced(input, read, write, output, source, round(times(cacheRead + cacheWrite, inputRate)));
    }

    /** Exact: tokens times a per-million rate, shifted six places, with no division to round. */
    private static BigDecimal times(long tokens, BigDecimal perMTok) {
        return perMTok.multiply(BigDecimal.valueOf(tokens)).movePointLeft(PER_MILLION);
    }

    private static BigDecimal round(BigDecimal usd) {
        return usd.setScale(SCALE, RoundingMode.HALF_UP);
    }

    private static BigDecimal orElse(BigDecimal value, BigDecimal fallback) {
        return value != null ? value : fallback;
    }
}
