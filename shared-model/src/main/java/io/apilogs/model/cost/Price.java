package io.apilogs.model.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One model's price from {@code effectiveFrom} on, for calls with at least {@code minInputTokens} total input
 * tokens (a long-context tier is a second Price with a higher threshold). Prices are USD per million tokens.
 * A null cache price means the provider has no separate one, so the calculator falls back (see {@link CostCalculator}).
 */
public record Price(String model, List<String> aliases, Instant effectiveFrom, long minInputTokens,
                    BigDecimal inputPerMTok, BigDecimal outputPerMTok, BigDecimal cacheReadPerMTok,
                    BigDecimal cacheWritePerMTok, BigDecimal cacheWrite1hPerMTok, String source,
                    String sourceUrl, String checkedOn) {

    public Price {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("price without a model");
        }
        Objects.requireNonNull(effectiveFrom, () -> "price of " + model + " without effectiveFrom");
        if (minInputTokens < 0) {
            throw new IllegalArgumentException("price of " + model + " with negative minInputTokens");
        }
        requireRate(model, "inputPerMTok", inputPerMTok, true);
        requireRate(model, "outputPerMTok", outputPerMTok, true);
        requireRate(model, "cacheReadPerMTok", cacheReadPerMTok, false);
        requireRate(model, "cacheWritePerMTok", cacheWritePerMTok, false);
        requireRate(model, "cacheWrite1hPerMTok", cacheWrite1hPerMTok, false);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    /** The same price attributed to another table, e.g. a bundled entry tagged {@code default} on load. */
    public Price withSource(String newSource) {
        return new Price(model, aliases, effectiveFrom, minInputTokens, inputPerMTok, outputPerMTok,
                cacheReadPerMTok, cacheWritePerMTok, cacheWrite1hPerMTok, newSource, sourceUrl, checkedOn);
    }

    private static void requireRate(String model, String name, BigDecimal rate, boolean required) {
        if (rate == null) {
            if (required) {
                throw new IllegalArgumentException("price of " + model + " without " + name);
            }
        } else if (rate.signum() < 0) {
            throw new IllegalArgumentException("price of " + model + " with negative " + name);
        }
    }
}
