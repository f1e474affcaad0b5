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

/**
 * Builds the column arrays of a multi-row {@code INSERT ... SELECT FROM unnest(...)}: one array parameter per named
 * column. The SQL names the columns, never their positions: {@link #sql} writes the statement's
 * {@code unnest($1::text[], $2::int8[], ...) as u(ws, seq, ...)} from the same calls that fill the arrays, so the
 * parameter list and the values cannot drift apart (issue 25: no {@code $1..$28} lists kept in step by hand).
 */
public final class SqlArrays<T> {
    /** Where a template takes the {@code unnest(...) as alias(...)} of {@link #sql}. */
    public static final String UNNEST = "{unnest}";

    private final List<T> rows;
    private final List<Object> columns = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<String> types = new ArrayList<>();

    public SqlArrays(List<T> rows) {
        this.rows = rows;
    }

    public SqlArrays<T> text(String name, Function<T, String> column) {
        return add(name, "text", new String[rows.size()], column);
    }

    /** Fills {@code values} with the column's value of each row and adds it as the next parameter. */
    private <V> SqlArrays<T> add(String name, String type, V[] values, Function<T, ? extends V> column) {
        for (int i = 0; i < values.length; i++) {
            values[i] = column.apply(rows.get(i));
        }
        return column(name, type, values);
    }

    private SqlArrays<T> column(String name, String type, Object values) {
        if (names.contains(name)) {
            throw new IllegalArgumentException("column " + name + " is named twice");
        }
        names.add(name);
        types.add(type);
        columns.add(values);
        return this;
    }

    /**
     * Long texts as their UTF-8 bytes, in a {@code bytea[]} the SQL turns back into text with
     * {@code convert_from(x, 'UTF8')} (which checks the encoding as a text parameter would): the client writes bytes
     * as they are, but encodes a text parameter one character at a time, which was a fifth of the writer's CPU on
     * 10 KB messages.
     */
    public SqlArrays<T> utf8(String name, Function<T, Buffer> column) {
        return add(name, "bytea", new Buffer[rows.size()], column);
    }

    /** A decimal as text in plain notation (the SQL casts it to numeric), so no digit is lost on the way. */
    public SqlArrays<T> decimal(String name, Function<T, BigDecimal> column) {
        return text(name, row -> {
            BigDecimal value = column.apply(row);
            return value == null ? null : value.toPlainString();
        });
    }

    public SqlArrays<T> int8(String name, Function<T, Long> column) {
        return add(name, "int8", new Long[rows.size()], column);
    }

    public SqlArrays<T> time(String name, Function<T, Instant> column) {
        OffsetDateTime[] values = new OffsetDateTime[rows.size()];
        for (int i = 0; i < values.length; i++) {
            Instant instant = column.apply(rows.get(i));
            values[i] = instant == null ? null : instant.atOffset(ZoneOffset.UTC);
        }
        return column(name, "timestamptz", values);
    }

    /**
     * {@code unnest($first::type[], ...) as alias(name, ...)}: the columns as a table, their parameters numbered from
     * {@code first} (after any single parameters the statement takes first).
     */
    public String unnest(String alias, int first) {
        return "unnest(" + parameters(first) + ") as " + alias + "(" + names() + ")";
    }

    /** As {@link #unnest}, with the rows' order as one more column, {@code ordinality}. */
    public String unnestWithOrdinality(String alias, int first, String ordinality) {
        return "unnest(" + parameters(first) + ") with ordinality as " + alias + "(" + names() + ", " + ordinality + ")";
    }

    /** {@code $first::type[], ...}: one array parameter per column. */
    private String parameters(int first) {
        StringBuilder params = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            params.append(i == 0 ? "" : ", ").append('$').append(first + i).append("::").append(types.get(i)).append("[]");
        }
        return params.toString();
    }

    /** How many parameters the columns take. */
    public int size() {
        return names.size();
    }

    /** {@code template} with {@link #UNNEST} replaced by {@link #unnest} from {@code $1}. */
    public String sql(String template, String alias) {
        return sql(template, alias, 1);
    }

    /**
     * {@code template} with {@link #UNNEST} replaced by {@link #unnest} from {@code $first}, and {@link #COLUMNS}, if
     * it has it, by the columns' names: {@code insert into t ({columns}) select * from {unnest}} with the columns
     * named after the target's.
     */
    public String sql(String template, String alias, int first) {
        if (!template.contains(UNNEST)) {
            throw new IllegalArgumentException("the statement has no " + UNNEST + ": " + template);
        }
        return template.replace(UNNEST, unnest(alias, first)).replace(COLUMNS, names());
    }

    /** Where a template takes the columns' names (see {@link #sql(String, String, int)}). */
    public static final String COLUMNS = "{columns}";

    /** The columns' names, in order: the column list of an {@code INSERT} whose target columns they are named after. */
    public String names() {
        return String.join(", ", names);
    }

    public Tuple tuple() {
        return appendTo(Tuple.tuple());
    }

    /** Adds these columns after the parameters already in {@code tuple}. */
    public Tuple appendTo(Tuple tuple) {
        columns.forEach(tuple::addValue);
        return tuple;
    }
}
