package io.apilogs.query.persistence.read;

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
 * filters ({@link CallWhere}), and their summary. Nulls (a call without cost or duration) sort last in both orders
 * ({@link Keyset}).
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

    private final TextBudget budget;

    public CallListReads(Pool pool, TextBudget budget) {
        this.pool = pool;
        this.budget = budget;
    }

    /** One page; {@code next} is where the following one starts, or null. */
    public Uni<Slice> list(String workspaceId, ActivityFilter filter, Sort sort, boolean descending, int limit, ActivityReads.Position after) {
        List<Object> params = new ArrayList<>(List.of(workspaceId));
        String where = WHERE + CallWhere.of(filter, params);
        Keyset.Key key = new Keyset.Key(sort.wire, sort.expression, sort.sqlType, sort.nullable);
        return Keyset.read(pool, COLUMNS + ", l.call_id as item_id", JOINS, where, params, key, "l.call_id", descending, limit, after)
                .map(page -> new Slice(page.rows().stream().map(CallListReads::row).toList(), page.next()));
    }

    /**
     * The calls a batch added that match the filter, oldest first: those of each conversation between its first and last
     * new seq (the change notification's), read with the explorer's own filter, so the live list means what the list means.
     */
    public Uni<List<CallRow>> added(String workspaceId, ActivityFilter filter, List<String> conversations, List<Long> firstSeqs,
                                    List<Long> lastSeqs) {
        if (filter.search() != null) {
            return LiveSearch.added(pool, budget, SearchKind.CALL, workspaceId, filter, conversations, firstSeqs, lastSeqs)
                    .map(hits -> hits.stream().map(hit -> row(hit.row()).withMatches(hit.matches())).toList());
        }
        List<Object> params = new ArrayList<>(List.of(workspaceId, conversations.toArray(String[]::new), firstSeqs.toArray(Long[]::new),
                lastSeqs.toArray(Long[]::new)));
        String sql = "select " + COLUMNS + JOINS
                + " join unnest($2::text[], $3::int8[], $4::int8[]) as n(conv, first, last) on l.conversation_id = n.conv"
                + " and l.seq between n.first and n.last"
                + WHERE + CallWhere.of(filter, params) + " order by l.started_at, l.call_id";
        return pool.preparedQuery(sql).execute(io.vertx.mutiny.sqlclient.Tuple.from(params)).map(rows -> {
            List<CallRow> calls = new ArrayList<>();
            rows.forEach(row -> calls.add(row(row)));
            return calls;
        });
    }

    /** A page of the calls that match the filter's content search (issue 26), newest first ({@link ItemSearch}). */
    public Uni<SearchPage<CallRow>> search(String workspaceId, ActivityFilter filter, int limit, ActivityReads.Position after) {
        return ItemSearch.run(pool, budget, SearchKind.CALL, workspaceId, filter, limit, after)
                .map(result -> new SearchPage<>(result.map(hit -> row(hit.row()).withMatches(hit.matches())), result.next(), result.progress()));
    }

    /** A page's rows and where the next starts. */
    public record Slice(List<CallRow> items, ActivityReads.Position next) {
    }

    /**
     * Count, errors, cost, tokens and duration percentiles of the calls of the filter: from the hourly roll-ups for a
     * large filter they cover ({@link SummaryRollups}), else from the calls, exactly.
     */
    public Uni<CallSummary> summary(String workspaceId, ActivityFilter filter) {
        return SummaryRollups.read(pool, workspaceId, filter)
                .chain(rolledUp -> rolledUp != null ? Uni.createFrom().item(rolledUp) : exactSummary(workspaceId, filter));
    }

    Uni<CallSummary> exactSummary(String workspaceId, ActivityFilter filter) {
        List<Object> params = new ArrayList<>(List.of(workspaceId));
        String where = CallWhere.of(filter, params);
        String sql = "select count(*) as n, count(*) filter (where l.error is not null) as errors, sum(l.cost_usd) as cost,"
                + " count(*) filter (where l.cost_usd is null) as unpriced, sum(l.input_tokens) as input, sum(l.output_tokens) as output,"
                + " sum(l.cache_read_tokens) as cache_read, sum(l.cache_write_tokens) as cache_write, sum(l.reasoning_tokens) as reasoning,"
                + " percentile_disc(array[0.5, 0.95, 0.99]) within group (order by l.duration_ms) as p, max(l.duration_ms) as max_ms"
                + " from llm_calls l"
                + (filter.subject() != null ? " join conversations c on c.workspace_id = l.workspace_id and c.conversation_id = l.conversation_id" : "")
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

    static Long sum(Row row, String column) {
        BigDecimal value = row.getBigDecimal(column);
        return value == null ? 0L : value.longValueExact();
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
