package io.apilogs.query.persistence.read;

import io.apilogs.query.InvalidInput;
import io.apilogs.query.view.AssistantRef;
import io.apilogs.query.view.CallRow;
import io.apilogs.query.view.CallSummary;
import io.apilogs.query.view.Tokens;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The explorer of single calls (issue 25): pages of calls across conversations by keyset, in the activity log's
 * filters ({@link CallWhere}), and their summary. Nulls (a call without cost or duration) sort last in both orders,
 * read after the rows with a value, as in {@link ActivityReads}.
 */
@ApplicationScoped
public class CallListReads {
    static final String COLUMNS = """
            l.call_id, l.event_id, l.conversation_id, c.subject, l.assistant_id, a.name as assistant_name, l.provider,
            l.model, l.started_at, l.duration_ms, l.input_tokens, l.output_tokens, l.cache_read_tokens, l.cache_write_tokens,
            l.reasoning_tokens, l.cost_usd, l.stop_reason, l.error, l.tool_calls, l.labels::text as labels""";
    static final String JOINS = """
             from llm_calls l
            left join conversations c on c.workspace_id = l.workspace_id and c.conversation_id = l.conversation_id
            left join assistants a on a.workspace_id = l.workspace_id and a.assistant_id = l.assistant_id""";
    static final String WHERE = " where l.workspace_id = $1";
    private static final String FROM = JOINS + WHERE;

    /** A sort key of the explorer: its SQL and how its value is carried in a cursor. */
    public enum Sort {
        TIME("time", "l.started_at", "timestamptz", false),
        COST("cost", "l.cost_usd", "numeric", true),
        DURATION("duration", "l.duration_ms", "int8", true),
        TOKENS("tokens", CallWhere.TOKENS, "int8", false);

        public final String wire;
        final String expression;
        final String sqlType;
        final boolean nullable;

        Sort(String wire, String expression, String sqlType, boolean nullable) {
            this.wire = wire;
            this.expression = expression;
            this.sqlType = sqlType;
            this.nullable = nullable;
        }

        Object decode(String value) {
            try {
                return switch (this) {
                    case TIME -> OffsetDateTime.parse(value);
                    case COST -> new BigDecimal(value);
                    case DURATION, TOKENS -> Long.parseLong(value);
                };
            } catch (RuntimeException e) {
                throw new InvalidInput("cursor", "is not a cursor made by this service");
            }
        }

        public static Sort fromWire(String value) {
            for (Sort sort : values()) {
                if (sort.wire.equals(value)) {
                    return sort;
                }
            }
            return null;
        }
    }

    private final Pool pool;

    public CallListReads(Pool pool) {
        this.pool = pool;
    }

    /** One page; {@code next} is where the following one starts, or null. */
    public Uni<Slice> list(String workspaceId, ActivityFilter filter, Sort sort, boolean descending, int limit, ActivityReads.Position after) {
        boolean afterNulls = after != null && after.value() == null;
        Object afterValue = after == null || afterNulls ? null : sort.decode(after.value());
        String dir = descending ? "desc" : "asc";
        String cmp = descending ? "<" : ">";
        Uni<List<Row>> valued;
        if (afterNulls) {
            valued = Uni.createFrom().item(List.of());
        } else {
            List<Object> params = new ArrayList<>();
            StringBuilder sql = filtered(workspaceId, filter, sort, params);
            if (sort.nullable) {
                sql.append(" and ").append(sort.expression).append(" is not null");
            }
            if (afterValue != null) {
                params.add(afterValue);
                params.add(after.id());
                sql.append(" and (").append(sort.expression).append(", l.call_id) ").append(cmp)
                        .append(" ($").append(params.size() - 1).append("::").append(sort.sqlType).append(", $").append(params.size()).append(')');
            }
            params.add(limit + 1);
            sql.append(" order by ").append(sort.expression).append(' ').append(dir).append(", l.call_id ").append(dir)
                    .append(" limit $").append(params.size());
            valued = rows(sql.toString(), params);
        }
        return valued.chain(first -> {
            if (!sort.nullable || first.size() > limit) {
                return Uni.createFrom().item(first);
            }
            List<Object> params = new ArrayList<>();
            StringBuilder sql = filtered(workspaceId, filter, sort, params);
            sql.append(" and ").append(sort.expression).append(" is null");
            if (afterNulls) {
                params.add(after.id());
                sql.append(" and l.call_id ").append(cmp).append(" $").append(params.size());
            }
            params.add(limit + 1 - first.size());
            sql.append(" order by l.call_id ").append(dir).append(" limit $").append(params.size());
            return rows(sql.toString(), params).map(nulls -> {
                List<Row> all = new ArrayList<>(first);
                all.addAll(nulls);
                return all;
            });
        }).map(rows -> {
            List<CallRow> items = new ArrayList<>();
            for (int i = 0; i < Math.min(limit, rows.size()); i++) {
                items.add(row(rows.get(i)));
            }
            ActivityReads.Position next = null;
            if (rows.size() > limit) {
                Row last = rows.get(limit - 1);
                Object value = last.getValue("sort_value");
                next = new ActivityReads.Position(value == null ? null : value instanceof OffsetDateTime time ? time.toString()
                        : String.valueOf(value), last.getString("call_id"));
            }
            return new Slice(items, next);
        });
    }

    /** A page's rows and where the next starts. */
    public record Slice(List<CallRow> items, ActivityReads.Position next) {
    }

    /** Count, errors, cost, tokens and duration percentiles of the calls of the filter. */
    public Uni<CallSummary> summary(String workspaceId, ActivityFilter filter) {
        List<Object> params = new ArrayList<>(List.of(workspaceId));
        String where = CallWhere.of(filter, params);
        String sql = "select count(*) as n, count(*) filter (where l.error is not null) as errors, sum(l.cost_usd) as cost,"
                + " count(*) filter (where l.cost_usd is null) as unpriced, sum(l.input_tokens) as input, sum(l.output_tokens) as output,"
                + " sum(l.cache_read_tokens) as cache_read, sum(l.cache_write_tokens) as cache_write, sum(l.reasoning_tokens) as reasoning,"
                + " percentile_disc(array[0.5, 0.95, 0.99]) within group (order by l.duration_ms) as p, max(l.duration_ms) as max_ms"
                + " from llm_calls l"
                + (filter.q() != null ? " join conversations c on c.workspace_id = l.workspace_id and c.conversation_id = l.conversation_id" : "")
                + " where l.workspace_id = $1" + where;
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            Row row = rows.iterator().next();
            Object[] p = row.getArrayOfLongs("p");
            CallSummary.Durations durations = row.getLong("max_ms") == null ? null
                    : new CallSummary.Durations((Long) p[0], (Long) p[1], (Long) p[2], row.getLong("max_ms"));
            long count = row.getLong("n");
            return new CallSummary(count, row.getLong("errors"), Rows.money(row, "cost"), row.getLong("unpriced"),
                    count == 0 ? Tokens.of(0L, 0L, 0L, 0L, 0L) : Tokens.of(sum(row, "input"), sum(row, "output"), sum(row, "cache_read"),
                            sum(row, "cache_write"), sum(row, "reasoning")), durations);
        });
    }

    private static Long sum(Row row, String column) {
        BigDecimal value = row.getBigDecimal(column);
        return value == null ? 0L : value.longValueExact();
    }

    private static StringBuilder filtered(String workspaceId, ActivityFilter filter, Sort sort, List<Object> params) {
        params.add(workspaceId);
        StringBuilder sql = new StringBuilder("select ").append(COLUMNS).append(", ").append(sort.expression).append(" as sort_value")
                .append(FROM);
        return sql.append(CallWhere.of(filter, params));
    }

    private Uni<List<Row>> rows(String sql, List<Object> params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<Row> list = new ArrayList<>();
            rows.forEach(list::add);
            return list;
        });
    }

    static CallRow row(Row row) {
        List<String> toolNames = new ArrayList<>();
        Object toolCalls = row.getValue("tool_calls");
        com.fasterxml.jackson.databind.JsonNode calls = Rows.json(toolCalls);
        if (calls != null && calls.isArray()) {
            calls.forEach(call -> {
                if (call.hasNonNull("name")) {
                    toolNames.add(call.get("name").asText());
                }
            });
        }
        return new CallRow(row.getString("call_id"), row.getString("event_id"), row.getString("conversation_id"), row.getString("subject"),
                new AssistantRef(row.getString("assistant_id"), row.getString("assistant_name")), row.getString("provider"),
                row.getString("model"), Rows.time(row, "started_at"), row.getLong("duration_ms"),
                Tokens.of(row.getLong("input_tokens"), row.getLong("output_tokens"), row.getLong("cache_read_tokens"),
                        row.getLong("cache_write_tokens"), row.getLong("reasoning_tokens")),
                Rows.money(row, "cost_usd"), row.getString("stop_reason"), Rows.json(row.getValue("error")), toolNames,
                Rows.raw(row.getString("labels")));
    }
}
