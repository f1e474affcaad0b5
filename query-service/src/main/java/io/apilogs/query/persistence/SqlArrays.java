package io.apilogs.query.persistence;

import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Builds the column arrays of a multi-row {@code INSERT ... SELECT FROM unnest(...)}: one array parameter per column. */
public final class SqlArrays<T> {
    private final List<T> rows;
    private final List<Object> columns = new ArrayList<>();

    public SqlArrays(List<T> rows) {
        this.rows = rows;
    }

    public SqlArrays<T> text(Function<T, String> column) {
        return add(new String[rows.size()], column);
    }

    /** Fills {@code values} with the column's value of each row and adds it as the next parameter. */
    private <V> SqlArrays<T> add(V[] values, Function<T, ? extends V> column) {
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        columns.add(values);
        return this;
    }

    /**
     * Long texts as their UTF-8 bytes, in a {@code bytea[]} the SQL turns back into text with
     * {@code convert_from(x, 'UTF8')} (which checks the encoding as a text parameter would): the client writes bytes
     * as they are, but encodes a text parameter one character at a time, which was a fifth of the writer's CPU on
     * 10 KB messages.
     */
    public SqlArrays<T> utf8(Function<T, Buffer> column) {
        return add(new Buffer[rows.size()], column);
    }

    /** A decimal as text in plain notation (the SQL casts it to numeric), so no digit is lost on the way. */
    public SqlArrays<T> decimal(Function<T, BigDecimal> column) {
        return text(row -> {
            BigDecimal value = column.apply(row);
            return value == null ? null : value.toPlainString();
        });
    }

    public SqlArrays<T> int8(Function<T, Long> column) {
        return add(new Long[rows.size()], column);
    }

    public SqlArrays<T> time(Function<T, Instant> column) {
        OffsetDateTime[] values = new OffsetDateTime[rows.size()];
        for (int i = 0; i < values.length; i++) {
            Instant instant = column.apply(rows.get(i));
            values[i] = instant == null ? null : instant.atOffset(ZoneOffset.UTC);
        }
        columns.add(values);
        return this;
    }

    public Tuple tuple() {
        return appendTo(Tuple.tuple());
    }

    /** Adds these columns after the parameters already in {@code tuple}, for statements over two row lists. */
    public Tuple appendTo(Tuple tuple) {
        columns.forEach(tuple::addValue);
        return tuple;
    }
}
