package io.apilogs.query.persistence.read;

import io.apilogs.model.ratelimit.Headroom;
import io.apilogs.query.InvalidInput;
import io.apilogs.query.persistence.write.UsageRollups;
import io.apilogs.query.view.Series;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Analytics over time (issue 27, {@code GET /v1/analytics/series}). Read from the hourly roll-ups when they answer the
 * filter (whole-hour zone; model or assistant, not both; nothing else), so 90 days of 10M calls is a few thousand
 * rows; otherwise from the calls, through the explorer's filter ({@link CallWhere}). Latency percentiles come from
 * histograms either way ({@link io.apilogs.query.persistence.DurationBuckets}: within 1/16 of the true value).
 */
@ApplicationScoped
public class SeriesReads {
    /** The range when the filter names none: the last 30 days in the viewer's zone, today included. */
    static final int DEFAULT_DAYS = 30;
    static final int DEFAULT_GROUPS = 10;
    static final int MAX_GROUPS = 50;

    private final Pool pool;

    public SeriesReads(Pool pool) {
        this.pool = pool;
    }

    /**
     * @param interval hour, day, week, or null/auto (from the range)
     * @param groupBy  model, assistant, or null (one line)
     * @param limit    the groups drawn as lines (most calls first); the rest are summed into one line marked {@code other}
     */
    public Uni<Series> series(String workspaceId, ActivityFilter given, String interval, String groupBy, Integer limit) {
        return series(workspaceId, given, interval, groupBy, limit, false);
    }

    /** As above; {@code fromCalls} reads the calls even where the roll-ups answer (the tests compare both). */
    Uni<Series> series(String workspaceId, ActivityFilter given, String interval, String groupBy, Integer limit, boolean fromCalls) {
        if (groupBy != null && !groupBy.isEmpty() && !groupBy.equals("model") && !groupBy.equals("assistant")) {
            throw new InvalidInput("groupBy", "must be model or assistant");
        }
        String grouping = groupBy == null || groupBy.isEmpty() ? null : groupBy;
        int groups = limit == null ? DEFAULT_GROUPS : limit;
        if (groups < 1 || groups > MAX_GROUPS) {
            throw new InvalidInput("limit", "must be 1-" + MAX_GROUPS);
        }
        ActivityFilter filter = bounded(given);
        Intervals unit = Intervals.of(interval, filter.from(), filter.toExclusive());
        List<Instant> starts = unit.starts(filter.from(), filter.toExclusive(), filter.zone());
        boolean rolledUp = !fromCalls && rollupsAnswer(filter, grouping);
        if (rolledUp && unit != Intervals.HOUR && filter.models().isEmpty() && filter.assistants().isEmpty()) {
            // Days and weeks of the whole workspace: merged once per span (SpanCache).
            boolean byAssistant = "assistant".equals(grouping);
            return SpanCache.rows(pool, workspaceId, byAssistant ? "usage_hourly_assistant" : "usage_hourly_model",
                            byAssistant ? "assistant_id" : "model", spans(unit, filter, starts), Instant.now())
                    .map(rows -> lines(rows, filter, unit, grouping, starts, groups));
        }
        List<Object> params = new ArrayList<>(List.of(workspaceId, filter.zone().getId()));
        String sql = rolledUp ? fromRollups(filter, unit, grouping, params) : fromCalls(filter, unit, grouping, params);
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
            List<SpanCache.Labeled> labeled = new ArrayList<>();
            rows.forEach(r -> labeled.add(new SpanCache.Labeled(r.getOffsetDateTime("bucket").toInstant(), r)));
            return lines(labeled, filter, unit, grouping, starts, groups);
        });
    }

    /** Each interval's span of hours within the range: the first week may start before it, the last interval end after it. */
    static List<SpanCache.Span> spans(Intervals unit, ActivityFilter filter, List<Instant> starts) {
        List<SpanCache.Span> spans = new ArrayList<>(starts.size());
        for (int i = 0; i < starts.size(); i++) {
            Instant start = starts.get(i).isBefore(filter.from()) ? filter.from() : starts.get(i);
            Instant next = i + 1 < starts.size() ? starts.get(i + 1) : unit.next(starts.get(i).atZone(filter.zone())).toInstant();
            spans.add(new SpanCache.Span(starts.get(i), start, next.isAfter(filter.toExclusive()) ? filter.toExclusive() : next));
        }
        return spans;
    }

    /** The filter with its range, or the default one. */
    static ActivityFilter bounded(ActivityFilter filter) {
        if (filter.from() != null && filter.toExclusive() != null) {
            return filter;
        }
        LocalDate today = LocalDate.now(filter.zone());
        Instant to = filter.toExclusive() != null ? filter.toExclusive() : today.plusDays(1).atStartOfDay(filter.zone()).toInstant();
        Instant from = filter.from() != null ? filter.from()
                : to.atZone(filter.zone()).toLocalDate().minusDays(DEFAULT_DAYS).atStartOfDay(filter.zone()).toInstant();
        return filter.withRange(from, to);
    }

    static boolean rollupsAnswer(ActivityFilter filter, String grouping) {
        boolean assistants = "assistant".equals(grouping) || !filter.assistants().isEmpty();
        boolean models = "model".equals(grouping) || !filter.models().isEmpty();
        return FacetReads.wholeHours(filter) && !(assistants && models) && filter.rollupsKnowTheRest();
    }

    private static String fromRollups(ActivityFilter filter, Intervals unit, String grouping, List<Object> params) {
        boolean byAssistant = "assistant".equals(grouping) || !filter.assistants().isEmpty();
        String table = byAssistant ? "usage_hourly_assistant" : "usage_hourly_model";
        String key = grouping == null ? "''" : byAssistant ? "u.assistant_id" : "u.model";
        StringBuilder where = new StringBuilder(" where u.workspace_id = $1");
        params.add(filter.from().atOffset(ZoneOffset.UTC));
        where.append(" and u.hour >= $").append(params.size());
        params.add(filter.toExclusive().atOffset(ZoneOffset.UTC));
        where.append(" and u.hour < $").append(params.size());
        if (!filter.models().isEmpty()) {
            params.add(filter.models().toArray(String[]::new));
            where.append(" and u.model = any($").append(params.size()).append("::text[])");
        }
        if (!filter.assistants().isEmpty()) {
            params.add(filter.assistants().toArray(String[]::new));
            where.append(" and u.assistant_id = any($").append(params.size()).append("::text[])");
        }
        return "select " + unit.sql("u.hour", "$2") + " as bucket, " + key + " as k, " + SeriesSums.ROLLUP_SUMS
                + " from " + table + " u" + where + " group by 1, 2";
    }

    private static String fromCalls(ActivityFilter filter, Intervals unit, String grouping, List<Object> params) {
        String key = grouping == null ? "''" : grouping.equals("assistant") ? "l.assistant_id" : "coalesce(l.model, '')";
        String timed = " filter (where l.duration_ms is not null)";
        return "select " + unit.sql("l.started_at", "$2") + " as bucket, " + key + " as k, count(*) as calls,"
                + " count(*) filter (where l.error is not null) as errors,"
                + " count(*) filter (where " + UsageRollups.rateLimitedSql("l.error") + ") as rate_limited,"
                + " sum(l.input_tokens) as input, sum(l.output_tokens) as output, sum(l.cache_read_tokens) as cache_read,"
                + " sum(l.cache_write_tokens) as cache_write, sum(l.reasoning_tokens) as reasoning, sum(l.cost_usd) as cost,"
                + " count(*) filter (where l.cost_usd is null) as unpriced, max(l.duration_ms) as max_ms,"
                + " apilogs_hist_of(array_agg(apilogs_duration_bucket(l.duration_ms))" + timed + ", array_agg(1::bigint)" + timed + ") as hist,"
                + " sum(l.cache_savings_usd) as savings, " + SeriesSums.share("min(l.rl_requests_share)") + " as min_requests,"
                + " " + SeriesSums.share("min(l.rl_tokens_share)") + " as min_tokens,"
                + " count(*) filter (where least(l.rl_requests_share, l.rl_tokens_share) < " + Headroom.LOW + ") as low_headroom"
                + " from llm_calls l"
                + (filter.subject() != null ? " join conversations c on c.workspace_id = l.workspace_id and c.conversation_id = l.conversation_id" : "")
                + " where l.workspace_id = $1 and $2::text is not null" + CallWhere.of(filter, params) + " group by 1, 2";
    }

    private static Series lines(List<SpanCache.Labeled> rows, ActivityFilter filter, Intervals unit, String grouping, List<Instant> starts, int limit) {
        Map<Instant, Integer> index = new HashMap<>();
        for (int i = 0; i < starts.size(); i++) {
            index.put(starts.get(i), i);
        }
        Map<String, SeriesSums[]> byKey = new LinkedHashMap<>();
        for (SpanCache.Labeled labeled : rows) {
            Row row = labeled.row();
            Integer at = index.get(labeled.label());
            if (at == null) {
                continue; // cannot happen: every row's interval meets the range
            }
            // One line of all calls sums every key's row (the span cache keeps them per key).
            SeriesSums[] points = byKey.computeIfAbsent(grouping == null ? "" : row.getString("k"), k -> new SeriesSums[starts.size()]);
            if (points[at] == null) {
                points[at] = new SeriesSums();
            }
            points[at].add(row);
        }
        List<Map.Entry<String, SeriesSums[]>> ordered = new ArrayList<>(byKey.entrySet());
        Map<String, SeriesSums> totals = new HashMap<>();
        ordered.forEach(e -> totals.put(e.getKey(), total(e.getValue())));
        ordered.sort(Comparator.<Map.Entry<String, SeriesSums[]>>comparingLong(e -> -totals.get(e.getKey()).calls)
                .thenComparing(Map.Entry::getKey));
        List<Series.Line> lines = new ArrayList<>();
        SeriesSums[] other = null;
        for (int i = 0; i < ordered.size(); i++) {
            Map.Entry<String, SeriesSums[]> entry = ordered.get(i);
            if (grouping == null || i < limit) {
                lines.add(line(grouping == null ? null : entry.getKey(), false, entry.getValue(), totals.get(entry.getKey()), filter, starts));
                continue;
            }
            if (other == null) {
                other = new SeriesSums[starts.size()];
            }
            for (int p = 0; p < starts.size(); p++) {
                if (entry.getValue()[p] != null) {
                    if (other[p] == null) {
                        other[p] = new SeriesSums();
                    }
                    other[p].add(entry.getValue()[p]);
                }
            }
        }
        if (other != null) {
            lines.add(line(null, true, other, total(other), filter, starts));
        }
        if (grouping == null && lines.isEmpty()) {
            lines.add(line(null, false, new SeriesSums[starts.size()], new SeriesSums(), filter, starts));
        }
        return new Series(unit.wire, filter.zone().getId(), filter.from().atZone(filter.zone()).toOffsetDateTime(),
                filter.toExclusive().atZone(filter.zone()).toOffsetDateTime(), grouping, io.apilogs.query.persistence.DurationBuckets.RELATIVE_ERROR,
                lines);
    }

    private static SeriesSums total(SeriesSums[] points) {
        SeriesSums total = new SeriesSums();
        for (SeriesSums point : points) {
            if (point != null) {
                total.add(point);
            }
        }
        return total;
    }

    private static Series.Line line(String key, boolean other, SeriesSums[] points, SeriesSums total, ActivityFilter filter, List<Instant> starts) {
        List<Series.Point> drawn = new ArrayList<>(starts.size());
        for (int p = 0; p < starts.size(); p++) {
            drawn.add((points[p] == null ? new SeriesSums() : points[p]).point(starts.get(p), filter.zone()));
        }
        return new Series.Line(key, other, total.point(filter.from(), filter.zone()), drawn);
    }
}
