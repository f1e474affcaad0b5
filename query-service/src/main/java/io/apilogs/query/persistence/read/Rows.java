package io.apilogs.query.persistence.read;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.apilogs.model.Json;
import io.apilogs.model.Times;
import io.vertx.mutiny.sqlclient.Row;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Column-to-view helpers of the read side: times in UTC with milliseconds, money as plain decimals, JSON columns as trees. */
final class Rows {
    private Rows() {
    }

    static String time(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : Times.format(value);
    }

    static BigDecimal money(Row row, String column) {
        return money(row.getBigDecimal(column));
    }

    static BigDecimal money(BigDecimal value) {
        return io.apilogs.query.view.Money.plain(value);
    }

    /** A jsonb or JSON-text column as JSON, or JSON null. */
    static JsonNode json(Object column) {
        return column == null ? NullNode.instance : parse(column.toString());
    }

    /**
     * A JSON-text column written out as it is stored, never parsed into a tree (detail reads, whose memory
     * {@code DetailBudget} charges by the stored bytes); the writer stored it as canonical JSON. JSON null for SQL null.
     */
    static JsonNode raw(String json) {
        return json == null ? NullNode.instance : JsonNodeFactory.instance.rawValueNode(new RawValue(json));
    }

    static JsonNode parse(String json) {
        if (json == null) {
            return NullNode.instance;
        }
        try {
            return Json.CANONICAL.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> strings(String[] values) {
        return values == null ? List.of() : new ArrayList<>(List.of(values));
    }
}
