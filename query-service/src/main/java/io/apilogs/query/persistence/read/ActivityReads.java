package io.apilogs.query.persistence.read;

import io.apilogs.query.InvalidInput;
import io.apilogs.query.view.AssistantRef;
import io.apilogs.query.view.ConversationView;
import io.apilogs.query.view.Tokens;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import io.apilogs.model.event.UserRef;

/** The activity log's SQL: pages of conversation rows by keyset, one row, and the rows a batch changed. */
@ApplicationScoped
public class ActivityReads {
    static final String ROW_COLUMNS = """
            c.conversation_id, c.subject, c.assistant_id, a.name as assistant_name, c.call_count, c.tool_count,
            c.http_count, c.error_count, c.input_tokens, c.output_tokens, c.cache_read_tokens, c.cache_write_tokens,
            c.reasoning_tokens, c.total_tokens, c.cost_usd, c.unpriced_call_count, c.first_at, c.last_at, c.models, c.tools,
            c.user_id, c.user_name, c.labels
            from conversations c
            left join assistants a on a.workspace_id = c.workspace_id and a.assistant_id = c.assistant_id""";

    /** A sort key: its column and how its value is carried in a cursor. */
    public enum Sort {
        LAST_ACTIVITY("lastActivity", "c.last_at", "timestamptz", true),
        COST("cost", "c.cost_usd", "numeric", true),
        TOKENS("tokens", "c.total_tokens", "int8", false),
        CALLS("calls", "c.call_count", "int4", false);

        public final String wire;
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
                throw new InvalidInput("cursor", "is not a cursor made by this service");
            }
        }

        /** The sort named on the wire, or null. */
        public static Sort fromWire(String value) {
            for (Sort sort : values()) {
                if (sort.wire.equals(value)) {
                    return sort;
                }
            }
            return null;
        }
    }

    /** Where a page ended: the last row's sort value as text (null in the part without values) and its id. */
    public record Position(String value, String id) {
    }

    /** One page: its rows, and where the next starts (null when this is the last). */
    public record Slice(List<ConversationView> items, Position next) {
    }

    private final Pool pool;

    public ActivityReads(Pool pool) {
        this.pool = pool;
    }

    /**
     * One page of the activity log. Nulls sort last in both orders, so a page is read in up to two index-friendly
     * parts: the rows with a value, by {@code (value, id)} keyset; then, once those run out, the rows without one,
     * by id. Each part is a plain range scan of its own index, however deep the page.
     */
    public Uni<Slice> list(String workspaceId, ActivityFilter filter, Sort sort, boolean descending, int limit, Position after) {
        boolean afterNulls = after != null && after.value() == null;
        Object afterValue = after == null || afterNulls ? null : sort.decode(after.value());
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
                params.add(after.id());
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
                params.add(after.id());
                sql.append(" and c.conversation_id ").append(cmp).append(" $").append(params.size());
            }
            params.add(limit + 1 - first.size());
            sql.append(" order by c.conversation_id ").append(dir).append(" limit $").append(params.size());
            return rows(sql.toString(), params).map(nulls -> {
                List<Row> all = new ArrayList<>(first);
                all.addAll(nulls);
                return all;
            });
        }).map(rows -> {
            List<ConversationView> items = new ArrayList<>();
            for (int i = 0; i < Math.min(limit, rows.size()); i++) {
                items.add(row(rows.get(i)));
            }
            Position next = null;
            if (rows.size() > limit) {
                Row last = rows.get(limit - 1);
                Object value = last.getValue(sort.column.substring(2));
                next = new Position(value == null ? null : value instanceof OffsetDateTime time ? time.toString() : String.valueOf(value),
                        last.getString("conversation_id"));
            }
            return new Slice(items, next);
        });
    }

    /** {@code select ... where} with the filters, which AND together; repeated values OR within a parameter. */
    private static StringBuilder filtered(String workspaceId, ActivityFilter filter, List<Object> params) {
        params.add(workspaceId);
        StringBuilder sql = new StringBuilder("select ").append(ROW_COLUMNS).append(" where c.workspace_id = $1");
        return sql.append(filter.where(params));
    }

    private Uni<List<Row>> rows(String sql, List<Object> params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            return list;
        });
    }

    /** Null when the conversation does not exist in the workspace. */
    public Uni<ConversationView> one(String workspaceId, String conversationId) {
        return pool.preparedQuery("select " + ROW_COLUMNS + " where c.workspace_id = $1 and c.conversation_id = $2")
                .execute(Tuple.of(workspaceId, conversationId))
                .map(rows -> rows.rowCount() == 0 ? null : row(rows.iterator().next()));
    }

    /** The rows of these conversations, as they are now (for the live activity log). */
    public Uni<List<ConversationView>> some(String workspaceId, List<String> conversationIds) {
        return pool.preparedQuery("select " + ROW_COLUMNS + " where c.workspace_id = $1 and c.conversation_id = any($2::text[])")
                .execute(Tuple.of(workspaceId, conversationIds.toArray(String[]::new)))
                .map(rows -> {
                    List<ConversationView> views = new ArrayList<>();
                    rows.forEach(row -> views.add(row(row)));
                    return views;
                });
    }

    /** The tags among a conversation's labels ({@code t:<tag>}, sorted as stored). */
    static List<String> tags(List<String> labels) {
        return labels.stream().filter(l -> l.startsWith("t:")).map(l -> l.substring(2)).toList();
    }

    static ConversationView row(Row row) {
        List<String> labels = Rows.strings(row.getArrayOfStrings("labels"));
        OffsetDateTime first = row.getOffsetDateTime("first_at");
        OffsetDateTime last = row.getOffsetDateTime("last_at");
        Long durationMs = first == null || last == null ? null : java.time.Duration.between(first, last).toMillis();
        return new ConversationView(row.getString("conversation_id"), row.getString("subject"),
                new AssistantRef(row.getString("assistant_id"), row.getString("assistant_name")),
                row.getInteger("call_count"), row.getInteger("tool_count"), row.getInteger("http_count"), row.getInteger("error_count"),
                new Tokens(row.getLong("input_tokens"), row.getLong("output_tokens"), row.getLong("cache_read_tokens"),
                        row.getLong("cache_write_tokens"), row.getLong("reasoning_tokens"), row.getLong("total_tokens")),
                Rows.money(row, "cost_usd"), row.getInteger("unpriced_call_count"), Rows.time(row, "first_at"), Rows.time(row, "last_at"),
                durationMs, Rows.strings(row.getArrayOfStrings("models")), Rows.strings(row.getArrayOfStrings("tools")),
                row.getString("user_id") == null ? null : new UserRef(row.getString("user_id"), row.getString("user_name")),
                tags(labels), labels);
    }
}
