package io.apilogs.query.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.model.Json;
import io.apilogs.model.Times;
import io.vertx.mutiny.sqlclient.Row;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/** Row-to-JSON helpers shared by the read views: times in UTC with milliseconds, money as plain decimals. */
final class Views {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Views() {
    }

    static void time(ObjectNode node, String field, Row row, String column) {
        node.put(field, Times.format(row.getOffsetDateTime(column)));
    }

    static void money(ObjectNode node, String field, Row row, String column) {
        node.put(field, money(row.getBigDecimal(column)));
    }

    static BigDecimal money(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    static void longOrNull(ObjectNode node, String field, Row row, String column) {
        Long value = row.getLong(column);
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    /** A jsonb or JSON-text column as JSON, or JSON null. */
    static JsonNode jsonOrNull(Object column) {
        return column == null ? JSON.nullNode() : parse(column.toString());
    }

    static JsonNode parse(String json) {
        if (json == null) {
            return JSON.nullNode();
        }
        try {
            return Json.CANONICAL.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
