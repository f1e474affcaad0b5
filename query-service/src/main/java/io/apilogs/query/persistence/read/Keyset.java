package io.apilogs.query.persistence.read;

import io.apilogs.query.InvalidInput;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Keyset pages of the activity log and the explorers (issue 25) over any table: {@code (sort value, id)} after the last row of the
 * page before. Nulls sort last in both orders, so a page is read in up to two parts: the rows with a value, then,
 * once those run out, the rows without one, by id.
 */
public final class Keyset {
    /** A sort: its SQL expression, the SQL type a cursor's value is cast to, and whether it can be null. */
    public record Key(String wire, String expression, String sqlType, boolean nullable) {
        Object decode(String value) {
            try {
                return switch (sqlType) {
                    case "timestamptz" -> OffsetDateTime.parse(value);
                    case "numeric" -> new BigDecimal(value);
                    case "int4" -> Integer.parseInt(value);
                    default -> Long.parseLong(value);
                };
            } catch (RuntimeException e) {
                throw new InvalidInput("cursor", "is not a cursor made by this service");
            }
        }
    }

    /** A page's rows and where the next starts (null on the last). */
    record Page(List<Row> rows, ActivityReads.Position next) {
    }

    /** The rows of {@code select <columns>, <sort> as sort_value <from> where <where>}; {@code params} hold the where's values. */
    static Uni<Page> read(io.vertx.mutiny.sqlclient.SqlClient pool, String select, String from, String where, List<Object> whereParams, Key key, String id,
                          boolean descending, int limit, ActivityReads.Position after) {
        boolean afterNulls = after != null && after.value() == null;
        Object afterValue = after == null || afterNulls ? null : key.decode(after.value());
        String dir = descending ? "desc" : "asc";
        String cmp = descending ? "<" : ">";
        String base = "select " + select + ", " + key.expression() + " as sort_value" + from + where;
        Uni<List<Row>> valued;
        if (afterNulls) {
            valued = Uni.createFrom().item(List.of());
        } else {
            List<Object> params = new ArrayList<>(whereParams);
            StringBuilder sql = new StringBuilder(base);
            if (key.nullable()) {
                sql.append(" and ").append(key.expression()).append(" is not null");
            }
            if (afterValue != null) {
                params.add(afterValue);
                params.add(after.id());
                sql.append(" and (").append(key.expression()).append(", ").append(id).append(") ").append(cmp)
                        .append(" ($").append(params.size() - 1).append("::").append(key.sqlType()).append(", $").append(params.size()).append(')');
            }
            params.add(limit + 1);
            sql.append(" order by ").append(key.expression()).append(' ').append(dir).append(", ").append(id).append(' ').append(dir)
                    .append(" limit $").append(params.size());
            valued = rows(pool, sql.toString(), params);
        }
        return valued.chain(first -> {
            if (!key.nullable() || first.size() > limit) {
                return Uni.createFrom().item(first);
            }
            List<Object> params = new ArrayList<>(whereParams);
            StringBuilder sql = new StringBuilder(base).append(" and ").append(key.expression()).append(" is null");
            if (afterNulls) {
                params.add(after.id());
                sql.append(" and ").append(id).append(' ').append(cmp).append(" $").append(params.size());
            }
            params.add(limit + 1 - first.size());
            sql.append(" order by ").append(id).append(' ').append(dir).append(" limit $").append(params.size());
            return rows(pool, sql.toString(), params).map(nulls -> {
                List<Row> all = new ArrayList<>(first);
                all.addAll(nulls);
                return all;
            });
        }).map(rows -> {
            ActivityReads.Position next = null;
            if (rows.size() > limit) {
                Row last = rows.get(limit - 1);
                Object value = last.getValue("sort_value");
                next = new ActivityReads.Position(value == null ? null : value instanceof OffsetDateTime time ? time.toString()
                        : String.valueOf(value), last.getString("item_id"));
            }
            return new Page(rows.subList(0, Math.min(limit, rows.size())), next);
        });
    }

    /** The rows of a statement, as a list. */
    static Uni<List<Row>> rows(io.vertx.mutiny.sqlclient.SqlClient pool, String sql, List<Object> params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            return list;
        });
    }
}
