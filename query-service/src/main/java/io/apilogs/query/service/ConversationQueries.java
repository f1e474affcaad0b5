package io.apilogs.query.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.query.rest.Problems;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The activity log, one conversation, and its timeline. */
@ApplicationScoped
public class ConversationQueries {
    static final String ROW_COLUMNS = """
            c.conversation_id, c.subject, c.assistant_id, a.name as assistant_name, c.call_count, c.tool_count,
            c.http_count, c.error_count, c.input_tokens, c.output_tokens, c.cache_read_tokens, c.cache_write_tokens,
            c.reasoning_tokens, c.total_tokens, c.cost_usd, c.unpriced_call_count, c.first_at, c.last_at, c.models
            from conversations c
            left join assistants a on a.workspace_id = c.workspace_id and a.assistant_id = c.assistant_id""";

    /** A sort key: its column and how its value is carried in a cursor. */
    public enum Sort {
        LAST_ACTIVITY("lastActivity", "c.last_at", "timestamptz", true),
        COST("cost", "c.cost_usd", "numeric", true),
        TOKENS("tokens", "c.total_tokens", "int8", false),
        CALLS("calls", "c.call_count", "int4", false);

        final String wire;
        final String column;
        final String sqlType;
        final boolean nullable;

        Sort(String wire, String column, String sqlType, boolean nullable) {
            this.wire = wire;
            this.column = column;
            this.sqlType = sqlType;
            this.nullable = nullable;
        }

        /** A cursor's value in the Java type the PostgreSQL client encodes for this column. */
        Object decode(String value) {
            try {
                return switch (this) {
                    case LAST_ACTIVITY -> OffsetDateTime.parse(value);
                    case COST -> new java.math.BigDecimal(value);
                    case TOKENS -> Long.parseLong(value);
                    case CALLS -> Integer.parseInt(value);
                };
            } catch (RuntimeException e) {
                throw Problems.badParameter("cursor", "is not a cursor made by this service");
            }
        }

        public static Sort parse(String value) {
            if (value == null || value.isEmpty()) {
                return LAST_ACTIVITY;
            }
            for (Sort sort : values()) {
                if (sort.wire.equals(value)) {
                    return sort;
                }
            }
            throw Problems.badParameter("sort", "must be one of lastActivity, cost, tokens, calls");
        }
    }

    private final Pool pool;
    private final Cursors cursors;

    public ConversationQueries(Pool pool, Cursors cursors) {
        this.pool = pool;
        this.cursors = cursors;
    }

    public static boolean parseDescending(String order) {
        if (order == null || order.isEmpty() || order.equals("desc")) {
            return true;
        }
        if (order.equals("asc")) {
            return false;
        }
        throw Problems.badParameter("order", "must be asc or desc");
    }

    public static int parseLimit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return 50;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= 200) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw Problems.badParameter("limit", "must be an integer from 1 to 200");
    }

    /**
     * One page of the activity log. Nulls sort last in both orders, so a page is read in up to two index-friendly
     * parts: the rows with a value, by {@code (value, id)} keyset; then, once those run out, the rows without one,
     * by id. Each part is a plain range scan of its own index, however deep the page.
     */
    public Uni<ObjectNode> list(String workspaceId, ActivityFilter filter, Sort sort, boolean descending, int limit, String cursor) {
        JsonNode position = cursors.decode(cursor);
        if (position != null && (!sort.wire.equals(position.path("s").asText()) || descending != position.path("d").asBoolean())) {
            throw Problems.badParameter("cursor", "was made for another sort or order");
        }
        boolean afterNulls = position != null && (position.get("v") == null || position.get("v").isNull());
        String afterId = position == null ? null : position.path("id").asText();
        Object afterValue = position == null || afterNulls ? null : sort.decode(position.get("v").asText());
        String dir = descending ? "desc" : "asc";
        String cmp = descending ? "<" : ">";

        Uni<List<Row>> valued;
        if (afterNulls) {
            valued = Uni.createFrom().item(List.of());
        } else {
            List<Object> params = new ArrayList<>();
            StringBuilder sql = filtered(workspaceId, filter, params);
            if (sort.nullable) {
                sql.append(" and ").append(sort.column).append(" is not null");
            }
            if (afterValue != null) {
                params.add(afterValue);
                params.add(afterId);
                sql.append(" and (").append(sort.column).append(", c.conversation_id) ").append(cmp)
                        .append(" ($").append(params.size() - 1).append("::").append(sort.sqlType).append(", $").append(params.size()).append(')');
            }
            params.add(limit + 1);
            sql.append(" order by ").append(sort.column).append(' ').append(dir).append(", c.conversation_id ").append(dir)
                    .append(" limit $").append(params.size());
            valued = rows(sql.toString(), params);
        }
        return valued.chain(first -> {
            if (!sort.nullable || first.size() > limit) {
                return Uni.createFrom().item(first);
            }
            List<Object> params = new ArrayList<>();
            StringBuilder sql = filtered(workspaceId, filter, params);
            sql.append(" and ").append(sort.column).append(" is null");
            if (afterNulls) {
                params.add(afterId);
                sql.append(" and c.conversation_id ").append(cmp).append(" $").append(params.size());
            }
            params.add(limit + 1 - first.size());
            sql.append(" order by c.conversation_id ").append(dir).append(" limit $").append(params.size());
            return rows(sql.toString(), params).map(nulls -> {
                List<Row> all = new ArrayList<>(first);
                all.addAll(nulls);
                return all;
            });
        }).map(rows -> page(rows, limit, ConversationQueries::activityRow, last -> {
            ObjectNode next = Views.JSON.objectNode();
            next.put("s", sort.wire);
            next.put("d", descending);
            next.put("id", last.getString("conversation_id"));
            Object value = last.getValue(sort.column.substring(2));
            if (value == null) {
                next.putNull("v");
            } else if (value instanceof OffsetDateTime time) {
                next.put("v", time.toString());
            } else {
                next.put("v", String.valueOf(value));
            }
            return next;
        }));
    }

    /** {@code select ... where} with the filters, which AND together; repeated values OR within a parameter. */
    private static StringBuilder filtered(String workspaceId, ActivityFilter filter, List<Object> params) {
        params.add(workspaceId);
        StringBuilder sql = new StringBuilder("select ").append(ROW_COLUMNS).append(" where c.workspace_id = $1");
        if (filter.from() != null) {
            params.add(filter.from().atOffset(ZoneOffset.UTC));
            sql.append(" and c.last_at >= $").append(params.size());
        }
        if (filter.toExclusive() != null) {
            params.add(filter.toExclusive().atOffset(ZoneOffset.UTC));
            sql.append(" and c.first_at < $").append(params.size());
        }
        if (filter.assistants().size() == 1) {
            // Plain equality lets the planner read the assistant's index already in last-activity order.
            params.add(filter.assistants().get(0));
            sql.append(" and c.assistant_id = $").append(params.size());
        } else if (!filter.assistants().isEmpty()) {
            params.add(filter.assistants().toArray(String[]::new));
            sql.append(" and c.assistant_id = any($").append(params.size()).append("::text[])");
        }
        if (!filter.models().isEmpty()) {
            params.add(filter.models().toArray(String[]::new));
            sql.append(" and c.models && $").append(params.size()).append("::text[]");
        }
        if (filter.q() != null) {
            params.add(filter.likePattern());
            sql.append(" and c.subject ilike $").append(params.size());
        }
        return sql;
    }

    private Uni<List<Row>> rows(String sql, List<Object> params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            return list;
        });
    }

    /** Null when the conversation does not exist in the workspace. */
    public Uni<ObjectNode> one(String workspaceId, String conversationId) {
        return pool.preparedQuery("select " + ROW_COLUMNS + " where c.workspace_id = $1 and c.conversation_id = $2")
                .execute(Tuple.of(workspaceId, conversationId))
                .map(rows -> rows.rowCount() == 0 ? null : activityRow(rows.iterator().next()));
    }

    /** Null when the conversation does not exist in the workspace. */
    public Uni<ObjectNode> timeline(String workspaceId, String conversationId, int limit, String cursor) {
        JsonNode position = cursors.decode(cursor);
        List<Object> params = new ArrayList<>(List.of(workspaceId, conversationId));
        String after = "";
        if (position != null) {
            params.add(OffsetDateTime.parse(position.path("t").asText()));
            params.add(position.path("q").asLong());
            after = " where (started_at, seq) > ($3, $4)";
        }
        params.add(limit + 1);
        String sql = "select * from (" + TimelineItems.UNION + ") items" + after
                + " order by started_at, seq limit $" + params.size();
        // The conversation's highest committed seq, read before the page: every item up to it is on some page read
        // after it, so a live stream resumed after it misses nothing (lastSeq, beyond API.md).
        Uni<Long> lastSeq = pool.preparedQuery("select last_seq from conversations where workspace_id = $1 and conversation_id = $2")
                .execute(Tuple.of(workspaceId, conversationId))
                .map(rows -> rows.rowCount() == 0 ? null : rows.iterator().next().getLong("last_seq"));
        return lastSeq.chain(seq -> {
            if (seq == null) {
                return Uni.createFrom().nullItem();
            }
            return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
                ObjectNode page = page(rows, limit, TimelineItems::item, last -> {
                    ObjectNode next = Views.JSON.objectNode();
                    next.put("t", last.getOffsetDateTime("started_at").toString());
                    next.put("q", last.getLong("seq"));
                    return next;
                });
                page.put("lastSeq", seq);
                return page;
            });
        });
    }

    /** One keyset page: rows were fetched with {@code limit + 1}, so an extra row means there is a next page. */
    private ObjectNode page(Iterable<Row> rows, int limit, Function<Row, ObjectNode> item, Function<Row, ObjectNode> position) {
        ObjectNode result = Views.JSON.objectNode();
        ArrayNode items = result.putArray("items");
        Row last = null;
        int count = 0;
        for (Row row : rows) {
            if (count++ == limit) {
                break;
            }
            items.add(item.apply(row));
            last = row;
        }
        if (count > limit && last != null) {
            result.put("nextCursor", cursors.encode(position.apply(last)));
        } else {
            result.putNull("nextCursor");
        }
        return result;
    }

    static ObjectNode activityRow(Row row) {
        ObjectNode node = Views.JSON.objectNode();
        node.put("conversationId", row.getString("conversation_id"));
        node.put("subject", row.getString("subject"));
        ObjectNode assistant = node.putObject("assistant");
        assistant.put("id", row.getString("assistant_id"));
        assistant.put("name", row.getString("assistant_name"));
        node.put("callCount", row.getInteger("call_count"));
        node.put("toolCount", row.getInteger("tool_count"));
        node.put("httpCount", row.getInteger("http_count"));
        node.put("errorCount", row.getInteger("error_count"));
        ObjectNode tokens = node.putObject("tokens");
        tokens.put("input", row.getLong("input_tokens"));
        tokens.put("output", row.getLong("output_tokens"));
        tokens.put("cacheRead", row.getLong("cache_read_tokens"));
        tokens.put("cacheWrite", row.getLong("cache_write_tokens"));
        tokens.put("reasoning", row.getLong("reasoning_tokens"));
        tokens.put("total", row.getLong("total_tokens"));
        Views.money(node, "costUsd", row, "cost_usd");
        node.put("unpricedCallCount", row.getInteger("unpriced_call_count"));
        Views.time(node, "firstAt", row, "first_at");
        Views.time(node, "lastAt", row, "last_at");
        OffsetDateTime first = row.getOffsetDateTime("first_at");
        OffsetDateTime last = row.getOffsetDateTime("last_at");
        if (first == null || last == null) {
            node.putNull("durationMs");
        } else {
            node.put("durationMs", java.time.Duration.between(first, last).toMillis());
        }
        ArrayNode models = node.putArray("models");
        String[] values = row.getArrayOfStrings("models");
        if (values != null) {
            for (String model : values) {
                models.add(model);
            }
        }
        return node;
    }
}
