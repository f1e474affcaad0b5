package io.apilogs.query.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.model.Times;
import io.apilogs.model.cost.CostBreakdown;
import io.apilogs.model.cost.CostCalculator;
import io.apilogs.model.cost.Price;
import io.apilogs.model.cost.PriceTable;
import io.apilogs.query.persistence.Repricer;
import io.apilogs.query.persistence.WorkspacePrices;
import io.apilogs.query.rest.AdminBodies;
import io.apilogs.query.rest.Problems;
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
    public Uni<ObjectNode> pricing(String workspaceId) {
        return workspacePrices.table(workspaceId).map(own -> {
            List<Price> prices = new ArrayList<>(own.prices());
            List<Price> defaults = new ArrayList<>(CostCalculator.defaults().prices());
            Comparator<Price> order = Comparator.comparing(Price::model).thenComparing(Price::effectiveFrom)
                    .thenComparingLong(Price::minInputTokens);
            prices.sort(order);
            defaults.sort(order);
            prices.addAll(defaults);
            ObjectNode result = Views.JSON.objectNode();
            ArrayNode items = result.putArray("items");
            prices.forEach(p -> items.add(view(p)));
            return result;
        });
    }

    public Uni<ObjectNode> put(String workspaceId, String model, AdminBodies.PriceBody body) {
        if (model == null || model.isBlank() || model.length() > 256) {
            throw Problems.badParameter("model", "must be 1-256 characters");
        }
        Price price;
        try {
            price = new Price(model, body.aliases() == null ? List.of() : body.aliases(), effectiveFrom(body.effectiveFrom()),
                    body.minInputTokens() == null ? 0 : body.minInputTokens(), body.inputPerMTok(), body.outputPerMTok(),
                    body.cacheReadPerMTok(), body.cacheWritePerMTok(), body.cacheWrite1hPerMTok(), CostBreakdown.WORKSPACE, null, null);
        } catch (IllegalArgumentException e) {
            throw Problems.badBody("", e.getMessage());
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
                throw Problems.badBody("aliases", e.getMessage());
            }
            return workspacePrices.put(workspaceId, candidate);
        }).map(PricingService::view);
    }

    public Uni<ObjectNode> reprice(String workspaceId, String from, String to, String tz) {
        ZoneId zone = ActivityFilter.zone(tz);
        LocalDate fromDay = ActivityFilter.day("from", from);
        LocalDate toDay = ActivityFilter.day("to", to);
        if (fromDay == null) {
            throw Problems.badParameter("from", "is required");
        }
        if (toDay == null) {
            throw Problems.badParameter("to", "is required");
        }
        if (fromDay.isAfter(toDay)) {
            throw Problems.badParameter("from", "must not be after to");
        }
        return repricer.reprice(workspaceId, fromDay.atStartOfDay(zone).toInstant(), toDay.plusDays(1).atStartOfDay(zone).toInstant())
                .map(count -> {
                    ObjectNode result = Views.JSON.objectNode();
                    result.put("repriced", count);
                    return result;
                });
    }

    static ObjectNode view(Price price) {
        ObjectNode node = Views.JSON.objectNode();
        node.put("model", price.model());
        ArrayNode aliases = node.putArray("aliases");
        price.aliases().forEach(aliases::add);
        node.put("effectiveFrom", Times.format(price.effectiveFrom()));
        node.put("minInputTokens", price.minInputTokens());
        node.put("inputPerMTok", Views.money(price.inputPerMTok()));
        node.put("outputPerMTok", Views.money(price.outputPerMTok()));
        node.put("cacheReadPerMTok", Views.money(price.cacheReadPerMTok()));
        node.put("cacheWritePerMTok", Views.money(price.cacheWritePerMTok()));
        node.put("cacheWrite1hPerMTok", Views.money(price.cacheWrite1hPerMTok()));
        node.put("source", price.source());
        if (price.sourceUrl() != null) {
            node.put("sourceUrl", price.sourceUrl());
        }
        if (price.checkedOn() != null) {
            node.put("checkedOn", price.checkedOn());
        }
        return node;
    }

    private static Instant effectiveFrom(String value) {
        if (value == null) {
            return DEFAULT_EFFECTIVE_FROM;
        }
        Instant instant = Times.parse(value);
        if (instant == null) {
            throw Problems.badBody("effectiveFrom", "must be an RFC 3339 timestamp");
        }
        return instant;
    }
}
