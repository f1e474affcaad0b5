package io.apilogs.query.persistence.read;

import io.apilogs.query.InvalidInput;
import io.apilogs.query.view.Facets;
import io.apilogs.query.view.Tokens;
import io.apilogs.query.view.UsageReport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/** Filter pickers (assistants, models) and usage analytics. Date ranges have the activity log's meaning. */
@ApplicationScoped
public class FacetReads {
    private final Pool pool;

    public FacetReads(Pool pool) {
        this.pool = pool;
    }

    /**
     * Assistants with the number of conversations they own that match the filter ({@link ActivityFilter#where}; the
     * caller leaves its assistants out). Without a range, model or subject, every assistant is listed, with 0 where it
     * owns none.
     */
    public Uni<Facets.AssistantList> assistants(String workspaceId, ActivityFilter filter) {
        List<Object> params = new ArrayList<>(List.of(workspaceId));
        String where = filter.where(params);
        boolean filtered = filter.from() != null || filter.toExclusive() != null || !filter.models().isEmpty() || filter.subject() != null;
        String sql = "select a.assistant_id, a.name, coalesce(n.conversations, 0) as conversations"
                + " from assistants a left join (select assistant_id, count(*) as conversations from conversations c"
                + " where c.workspace_id = $1" + where + " group by assistant_id) n on n.assistant_id = a.assistant_id"
                + " where a.workspace_id = $1" + (filtered ? " and n.conversations > 0" : "")
                + " order by conversations desc, a.assistant_id";
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<Facets.AssistantFacet> items = new ArrayList<>();
            for (Row row : rows) {
                items.add(new Facets.AssistantFacet(row.getString("assistant_id"), row.getString("name"), row.getLong("conversations")));
            }
            return new Facets.AssistantList(items);
        });
    }

    /**
     * Models with the calls that used them in the range (by call start; narrowed by the filter's assistants), and the
     * conversations that used them and match the filter ({@link ActivityFilter#where}; the caller leaves its models out).
     */
    public Uni<Facets.ModelList> models(String workspaceId, ActivityFilter filter) {
        List<Object> params = new ArrayList<>(List.of(workspaceId));
        String callsWhere = rangeOn("started_at", filter, params) + assistantsOn("assistant_id", filter, params);
        String conversationsWhere = filter.where(params);
        String sql = "select coalesce(k.model, v.model) as model, coalesce(k.calls, 0) as calls, coalesce(v.conversations, 0) as conversations"
                + " from (select model, count(*) as calls from llm_calls where workspace_id = $1 and model is not null" + callsWhere
                + " group by model) k"
                + " full join (select m as model, count(*) as conversations from conversations c cross join unnest(c.models) m"
                + " where c.workspace_id = $1" + conversationsWhere + " group by m) v on v.model = k.model"
                + (filter.subject() != null ? " where v.conversations > 0" : "")
                + " order by calls desc, model";
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<Facets.ModelFacet> items = new ArrayList<>();
            for (Row row : rows) {
                items.add(new Facets.ModelFacet(row.getString("model"), row.getLong("calls"), row.getLong("conversations")));
            }
            return new Facets.ModelList(items);
        });
    }

    private static String assistantsOn(String column, ActivityFilter filter, List<Object> params) {
        if (filter.assistants().isEmpty()) {
            return "";
        }
        params.add(filter.assistants().toArray(String[]::new));
        return " and " + column + " = any($" + params.size() + ")";
    }

    /**
     * Calls, tokens and cost by day (in {@code tz}), model or assistant, with totals. Read from the hourly roll-ups
     * when the range's days are whole UTC hours in {@code tz} (every zone with whole-hour offsets); otherwise, as for
     * India's +05:30, from the calls themselves.
     */
    public Uni<UsageReport> usage(String workspaceId, ActivityFilter range, String groupBy) {
        String grouping = groupBy == null || groupBy.isEmpty() ? "day" : groupBy;
        if (!List.of("day", "model", "assistant").contains(grouping)) {
            throw new InvalidInput("groupBy", "must be day, model or assistant");
        }
        List<Object> params = new ArrayList<>(List.of(workspaceId, range.zone().getId()));
        boolean byModel = !range.models().isEmpty();
        boolean byAssistant = !range.assistants().isEmpty();
        String sql;
        // Each roll-up table knows one dimension (model or assistant): a read that groups or filters on both needs the
        // calls themselves.
        boolean assistantDimension = grouping.equals("assistant") || byAssistant;
        boolean modelDimension = grouping.equals("model") || byModel;
        // Filters the roll-ups do not know (issue 25: status, tool, ranges, user, tag, metadata, outcomes, subject) read the
        // calls themselves, through the explorer's filter.
        if (wholeHours(range) && !(assistantDimension && modelDimension) && range.rollupsKnowTheRest()) {
            String table = assistantDimension ? "usage_hourly_assistant" : "usage_hourly_model";
            String key = switch (grouping) {
                case "day" -> "to_char(hour at time zone $2, 'YYYY-MM-DD')";
                case "model" -> "model";
                default -> "assistant_id";
            };
            sql = "select " + key + " as key, sum(calls) as calls, sum(input_tokens) as input, sum(output_tokens) as output,"
                    + " sum(cache_read_tokens) as cache_read, sum(cache_write_tokens) as cache_write,"
                    + " sum(reasoning_tokens) as reasoning, sum(cost_usd) as cost, sum(unpriced_calls) as unpriced"
                    + " from " + table + " where workspace_id = $1 and $2::text is not null" + rangeOn("hour", range, params)
                    + dimensions(range, params) + " group by 1 order by 1";
        } else {
            String key = switch (grouping) {
                case "day" -> "to_char(l.started_at at time zone $2, 'YYYY-MM-DD')";
                case "model" -> "coalesce(l.model, '')";
                default -> "l.assistant_id";
            };
            sql = "select " + key + " as key, count(*) as calls, coalesce(sum(l.input_tokens), 0) as input,"
                    + " coalesce(sum(l.output_tokens), 0) as output, coalesce(sum(l.cache_read_tokens), 0) as cache_read,"
                    + " coalesce(sum(l.cache_write_tokens), 0) as cache_write, coalesce(sum(l.reasoning_tokens), 0) as reasoning,"
                    + " sum(l.cost_usd) as cost, count(*) filter (where l.cost_usd is null) as unpriced"
                    + " from llm_calls l"
                    + (range.subject() != null ? " join conversations c on c.workspace_id = l.workspace_id and c.conversation_id = l.conversation_id" : "")
                    // $2 (the zone) is bound for every grouping so the parameter list stays the same.
                    + " where l.workspace_id = $1 and $2::text is not null" + CallWhere.of(range, params) + " group by 1 order by 1";
        }
        String resolvedGroupBy = grouping;
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<UsageReport.Row> items = new ArrayList<>();
            long calls = 0;
            long[] tokens = new long[5];
            BigDecimal cost = null;
            long unpriced = 0;
            for (Row row : rows) {
                items.add(new UsageReport.Row(row.getString("key"), row.getLong("calls"),
                        tokens(row.getLong("input"), row.getLong("output"), row.getLong("cache_read"), row.getLong("cache_write"),
                                row.getLong("reasoning")), Rows.money(row.getBigDecimal("cost")), row.getLong("unpriced")));
                calls += row.getLong("calls");
                tokens[0] += row.getLong("input");
                tokens[1] += row.getLong("output");
                tokens[2] += row.getLong("cache_read");
                tokens[3] += row.getLong("cache_write");
                tokens[4] += row.getLong("reasoning");
                BigDecimal rowCost = row.getBigDecimal("cost");
                if (rowCost != null) {
                    cost = cost == null ? rowCost : cost.add(rowCost);
                }
                unpriced += row.getLong("unpriced");
            }
            return new UsageReport(resolvedGroupBy, items,
                    new UsageReport.Totals(calls, tokens(tokens[0], tokens[1], tokens[2], tokens[3], tokens[4]), Rows.money(cost), unpriced));
        });
    }

    private static Tokens tokens(long input, long output, long cacheRead, long cacheWrite, long reasoning) {
        return new Tokens(input, output, cacheRead, cacheWrite, reasoning, input + output);
    }

    /** The model and assistant filters of the usage read (each OR within itself); both tables name the columns alike. */
    private static String dimensions(ActivityFilter range, List<Object> params) {
        StringBuilder where = new StringBuilder();
        if (!range.models().isEmpty()) {
            params.add(range.models().toArray(String[]::new));
            where.append(" and model = any($").append(params.size()).append(")");
        }
        if (!range.assistants().isEmpty()) {
            params.add(range.assistants().toArray(String[]::new));
            where.append(" and assistant_id = any($").append(params.size()).append(")");
        }
        return where.toString();
    }

    private static String rangeOn(String column, ActivityFilter range, List<Object> params) {
        StringBuilder where = new StringBuilder();
        if (range.from() != null) {
            params.add(range.from().atOffset(ZoneOffset.UTC));
            where.append(" and ").append(column).append(" >= $").append(params.size());
        }
        if (range.toExclusive() != null) {
            params.add(range.toExclusive().atOffset(ZoneOffset.UTC));
            where.append(" and ").append(column).append(" < $").append(params.size());
        }
        return where.toString();
    }

    /** Whether every day boundary of the range, in its zone, falls on a whole UTC hour. */
    static boolean wholeHours(ActivityFilter range) {
        ZoneRules rules = range.zone().getRules();
        Instant from = range.from() == null ? Instant.parse("2000-01-01T00:00:00Z") : range.from();
        Instant to = range.toExclusive() == null ? Instant.parse("2100-01-01T00:00:00Z") : range.toExclusive();
        if (rules.getOffset(from).getTotalSeconds() % 3600 != 0) {
            return false;
        }
        for (ZoneOffsetTransition t = rules.nextTransition(from); t != null && t.getInstant().isBefore(to); t = rules.nextTransition(t.getInstant())) {
            if (t.getOffsetAfter().getTotalSeconds() % 3600 != 0) {
                return false;
            }
        }
        return true;
    }
}
