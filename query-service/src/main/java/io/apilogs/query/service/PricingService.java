package io.apilogs.query.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.model.Times;
import io.apilogs.model.cost.CostBreakdown;
import io.apilogs.model.cost.CostCalculator;
import io.apilogs.model.cost.Price;
import io.apilogs.model.cost.PriceTable;
import io.apilogs.query.persistence.Repricer;
import io.apilogs.query.persistence.WorkspacePrices;
import io.apilogs.query.rest.Problems;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
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

    public Uni<ObjectNode> put(String workspaceId, String model, JsonNode body) {
        if (model == null || model.isBlank() || model.length() > 256) {
            throw Problems.badParameter("model", "must be 1-256 characters");
        }
        if (body == null || !body.isObject()) {
            throw Problems.badBody("", "the body must be a Price object");
        }
        Price price;
        try {
            price = new Price(model, aliases(body), effectiveFrom(body), minInputTokens(body),
                    rate(body, "inputPerMTok", true), rate(body, "outputPerMTok", true),
                    rate(body, "cacheReadPerMTok", false), rate(body, "cacheWritePerMTok", false),
                    rate(body, "cacheWrite1hPerMTok", false), CostBreakdown.WORKSPACE, null, null);
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

    private static List<String> aliases(JsonNode body) {
        JsonNode node = body.get("aliases");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > 100) {
            throw Problems.badBody("aliases", "must be an array of at most 100 model names");
        }
        List<String> aliases = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode alias = node.get(i);
            if (!alias.isTextual() || alias.textValue().isBlank() || alias.textValue().length() > 256) {
                throw Problems.badBody("aliases[" + i + "]", "must be a model name of 1-256 characters");
            }
            aliases.add(alias.textValue());
        }
        return aliases;
    }

    private static Instant effectiveFrom(JsonNode body) {
        JsonNode node = body.get("effectiveFrom");
        if (node == null || node.isNull()) {
            return DEFAULT_EFFECTIVE_FROM;
        }
        Instant instant = node.isTextual() ? Times.parse(node.textValue()) : null;
        if (instant == null) {
            throw Problems.badBody("effectiveFrom", "must be an RFC 3339 timestamp");
        }
        return instant;
    }

    private static long minInputTokens(JsonNode body) {
        JsonNode node = body.get("minInputTokens");
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw Problems.badBody("minInputTokens", "must be an integer >= 0");
        }
        return node.longValue();
    }

    private static BigDecimal rate(JsonNode body, String field, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw Problems.badBody(field, "is required");
            }
            return null;
        }
        if (!node.isNumber() || node.decimalValue().signum() < 0) {
            throw Problems.badBody(field, "must be a number >= 0");
        }
        return node.decimalValue();
    }
}
