package io.apilogs.model.cost;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An immutable set of prices, indexed by model name and by alias so that pricing an event is two hash lookups and
 * a scan of that model's few entries.
 *
 * <p>Aliases are only those listed: a dated name is never reduced to its base model, because some snapshots
 * ({@code gpt-4o-2024-05-13}) have a price of their own.
 */
public final class PriceTable {
    /** Latest first, then the highest tier, so the first applicable entry is the one API.md asks for. */
    private static final Comparator<Price> PREFERRED = Comparator.comparing(Price::effectiveFrom)
            .thenComparingLong(Price::minInputTokens)
            .reversed();

    private static final PriceTable EMPTY = new PriceTable(List.of());

    private final List<Price> prices;
    private final Map<String, List<Price>> byModel;
    private final Map<String, List<Price>> byAlias;

    private PriceTable(List<Price> prices) {
        this.prices = List.copyOf(prices);
        this.byModel = index(this.prices);
        this.byAlias = aliasIndex(this.prices, byModel);
    }

    /**
     * @throws IllegalArgumentException when two entries share (model, effectiveFrom, minInputTokens), or when one
     *         alias is claimed by two models: either would make the price of a call ambiguous.
     */
    public static PriceTable of(List<Price> prices) {
        Objects.requireNonNull(prices, "prices");
        return prices.isEmpty() ? EMPTY : new PriceTable(prices);
    }

    public static PriceTable empty() {
        return EMPTY;
    }

    /** The entries in the order given to {@link #of}. */
    public List<Price> prices() {
        return prices;
    }

    public boolean isEmpty() {
        return prices.isEmpty();
    }

    /**
     * The price of a call to {@code model} started at {@code at} with {@code inputTokens} total input tokens (cache
     * included): the latest entry effective at {@code at} among the tiers that input reaches.
     */
    public Optional<Price> find(String model, Instant at, long inputTokens) {
        Objects.requireNonNull(at, "at");
        if (model == null) {
            return Optional.empty();
        }
        List<Price> candidates = byModel.get(model);
        if (candidates == null) {
            candidates = byAlias.getOrDefault(model, List.of());
        }
        for (Price price : candidates) {
            if (!price.effectiveFrom().isAfter(at) && price.minInputTokens() <= inputTokens) {
                return Optional.of(price);
            }
        }
        return Optional.empty();
    }

    /** The model a name stands for here: itself when it is a model, the aliased model, or empty when unknown. */
    public Optional<String> resolve(String name) {
        if (name == null) {
            return Optional.empty();
        }
        if (byModel.containsKey(name)) {
            return Optional.of(name);
        }
        List<Price> aliased = byAlias.get(name);
        return aliased == null ? Optional.empty() : Optional.of(aliased.get(0).model());
    }

    private static Map<String, List<Price>> index(List<Price> prices) {
        Map<String, List<Price>> byModel = prices.stream()
                .collect(Collectors.groupingBy(Price::model, Collectors.collectingAndThen(Collectors.toList(),
                        entries -> entries.stream().sorted(PREFERRED).toList())));
        for (List<Price> entries : byModel.values()) {
            Set<String> keys = new HashSet<>();
            for (Price p : entries) {
                if (!keys.add(p.effectiveFrom() + "/" + p.minInputTokens())) {
                    throw new IllegalArgumentException("two prices for " + p.model() + " effective from "
                            + p.effectiveFrom() + " at minInputTokens " + p.minInputTokens());
                }
            }
        }
        return Map.copyOf(byModel);
    }

    /** An alias points at all entries of its model, whichever entry listed it. */
    private static Map<String, List<Price>> aliasIndex(List<Price> prices, Map<String, List<Price>> byModel) {
        Map<String, String> modelOfAlias = new HashMap<>();
        for (Price p : prices) {
            for (String alias : p.aliases()) {
                String previous = modelOfAlias.putIfAbsent(alias, p.model());
                if (previous != null && !previous.equals(p.model())) {
                    throw new IllegalArgumentException("alias " + alias + " claimed by " + previous + " and " + p.model());
                }
            }
        }
        Map<String, List<Price>> byAlias = new HashMap<>();
        modelOfAlias.forEach((alias, model) -> byAlias.put(alias, byModel.get(model)));
        return Map.copyOf(byAlias);
    }
}
