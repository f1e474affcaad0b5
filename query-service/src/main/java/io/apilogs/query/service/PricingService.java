package io.apilogs.query.service;

import io.apilogs.model.Times;
import io.apilogs.model.cost.CostBreakdown;
import io.apilogs.model.cost.CostCalculator;
import io.apilogs.model.cost.Price;
import io.apilogs.model.cost.PriceTable;
import io.apilogs.query.persistence.Repricer;
import io.apilogs.query.persistence.WorkspacePrices;
import io.apilogs.query.InvalidInput;
import io.apilogs.query.persistence.read.ActivityFilter;
import io.apilogs.query.view.Money;
import io.apilogs.query.view.PriceView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The price table in force for a workspace, its own prices, and repricing of stored calls. */
@ApplicationScoped
public class PricingService {
    private static final Instant DEFAULT_EFFECTIVE_FROM = Instant.parse("2000-01-01T00:00:00Z");

    private final WorkspacePrices workspacePrices;
    private final Repricer repricer;

    public PricingService(WorkspacePrices workspacePrices, Repricer repricer) {
        this.workspacePrices = workspacePrices;
        this.repricer = repricer;
    }

    /** Workspace prices first (they win), then the shipped defaults. */
    public Uni<PriceView.PriceList> pricing(String workspaceId) {
        return workspacePrices.table(workspaceId).map(own -> {
            List<Price> prices = new ArrayList<>(own.prices());
            List<Price> defaults = new ArrayList<>(CostCalculator.defaults().prices());
            Comparator<Price> order = Comparator.comparing(Price::model).thenComparing(Price::effectiveFrom)
                    .thenComparingLong(Price::minInputTokens);
            prices.sort(order);
            defaults.sort(order);
            prices.addAll(defaults);
            return new PriceView.PriceList(prices.stream().map(PricingService::view).toList());
        });
    }

    public Uni<PriceView> put(String workspaceId, String model, PriceBody body) {
        if (model == null || model.isBlank() || model.length() > 256) {
            throw new InvalidInput("model", "must be 1-256 characters");
        }
        Price price;
        try {
            price = new Price(model, body.aliases() == null ? List.of() : body.aliases(), effectiveFrom(body.effectiveFrom()),
                    body.minInputTokens() == null ? 0 : body.minInputTokens(), body.inputPerMTok(), body.outputPerMTok(),
                    body.cacheReadPerMTok(), body.cacheWritePerMTok(), body.cacheWrite1hPerMTok(), CostBreakdown.WORKSPACE, null, null);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("", e.getMessage());
        }
        Price candidate = price;
        return workspacePrices.table(workspaceId).chain(current -> {
            // The table must stay loadable: an alias claimed by two models would break pricing of every call.
            List<Price> next = new ArrayList<>();
            for (Price existing : current.prices()) {
                boolean replaced = existing.model().equals(candidate.model()) && existing.effectiveFrom().equals(candidate.effectiveFrom())
                        && existing.minInputTokens() == candidate.minInputTokens();
                if (!replaced) {
                    next.add(existing);
                }
            }
            next.add(candidate);
            try {
                PriceTable.of(next);
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("aliases", e.getMessage());
            }
            return workspacePrices.put(workspaceId, candidate);
        }).map(PricingService::view);
    }

    public Uni<PriceView.Repriced> reprice(String workspaceId, String from, String to, String tz) {
        ZoneId zone = ActivityFilter.zone(tz);
        LocalDate fromDay = ActivityFilter.day("from", from);
        LocalDate toDay = ActivityFilter.day("to", to);
        if (fromDay == null) {
            throw new InvalidInput("from", "is required");
        }
        if (toDay == null) {
            throw new InvalidInput("to", "is required");
        }
        if (fromDay.isAfter(toDay)) {
            throw new InvalidInput("from", "must not be after to");
        }
        return repricer.reprice(workspaceId, fromDay.atStartOfDay(zone).toInstant(), toDay.plusDays(1).atStartOfDay(zone).toInstant())
                .map(count -> new PriceView.Repriced(count));
    }

    static PriceView view(Price price) {
        return new PriceView(price.model(), List.copyOf(price.aliases()), Times.format(price.effectiveFrom()), price.minInputTokens(),
                Money.plain(price.inputPerMTok()), Money.plain(price.outputPerMTok()), Money.plain(price.cacheReadPerMTok()),
                Money.plain(price.cacheWritePerMTok()), Money.plain(price.cacheWrite1hPerMTok()), price.source(), price.sourceUrl(),
                price.checkedOn() == null ? null : price.checkedOn().toString());
    }

    private static Instant effectiveFrom(String value) {
        if (value == null) {
            return DEFAULT_EFFECTIVE_FROM;
        }
        Instant instant = Times.parse(value);
        if (instant == null) {
            throw new InvalidInput("effectiveFrom", "must be an RFC 3339 timestamp");
        }
        return instant;
    }
}
