package io.apilogs.query.persistence.read;

import io.apilogs.query.persistence.DurationBuckets;
import io.apilogs.query.view.CallSummary;
import io.apilogs.query.view.Tokens;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls summary of a large filter read from the hourly roll-ups instead of the calls: a filter of whole hours
 * (days in a whole-hour zone, or none) with models or assistants (not both) and nothing else. Counts, errors, cost
 * and tokens are the calls' own sums; duration percentiles come from the roll-ups' histograms (within 1/16 of the
 * true value, {@link DurationBuckets}). Up to {@link #EXACT_UP_TO} calls the summary is read from the calls instead,
 * exactly; so is any other filter.
 */
final class SummaryRollups {
    /** Calls up to which reading them all is fast enough (~100 ms), and the percentiles are then exact. */
    static final long EXACT_UP_TO = 100_000;

    private SummaryRollups() {
    }

    /** Whether {@code filter} is answered by the roll-ups alone. */
    static boolean covers(ActivityFilter filter) {
        return filter.rollupsKnowTheRest() && (filter.models().isEmpty() || filter.assistants().isEmpty())
                && wholeHour(filter.from()) && wholeHour(filter.toExclusive());
    }

    private static boolean wholeHour(Instant instant) {
        return instant == null || instant.getEpochSecond() % 3600 == 0 && instant.getNano() == 0;
    }

    /** The summary from the roll-ups, or null when they do not cover the filter or it holds few enough calls to read them. */
    static Uni<CallSummary> read(Pool pool, String workspaceId, ActivityFilter filter) {
        return read(pool, workspaceId, filter, EXACT_UP_TO);
    }

    static Uni<CallSummary> read(Pool pool, String workspaceId, ActivityFilter filter, long exactUpTo) {
        if (!covers(filter)) {
            return Uni.createFrom().nullItem();
        }
        boolean byAssistant = !filter.assistants().isEmpty();
        List<Object> params = new ArrayList<>(List.of(workspaceId));
        StringBuilder where = new StringBuilder(" where workspace_id = $1");
        if (filter.from() != null) {
            params.add(filter.from().atOffset(ZoneOffset.UTC));
            where.append(" and hour >= $").append(params.size());
        }
        if (filter.toExclusive() != null) {
            params.add(filter.toExclusive().atOffset(ZoneOffset.UTC));
            where.append(" and hour < $").append(params.size());
        }
        if (byAssistant || !filter.models().isEmpty()) {
            params.add((byAssistant ? filter.assistants() : filter.models()).toArray(String[]::new));
            where.append(byAssistant ? " and assistant_id" : " and model").append(" = any($").append(params.size()).append("::text[])");
        }
        String table = byAssistant ? "usage_hourly_assistant" : "usage_hourly_model";
        String sums = "select coalesce(sum(calls), 0) as n, coalesce(sum(errors), 0) as errors, sum(cost_usd) as cost,"
                + " coalesce(sum(unpriced_calls), 0) as unpriced, sum(input_tokens) as input, sum(output_tokens) as output,"
                + " sum(cache_read_tokens) as cache_read, sum(cache_write_tokens) as cache_write, sum(reasoning_tokens) as reasoning,"
                + " max(max_duration_ms) as max_ms from " + table + where;
        return pool.preparedQuery(sums).execute(Tuple.from(params)).chain(rows -> {
            Row row = rows.iterator().next();
            long count = row.getLong("n");
            if (count <= exactUpTo) {
                return Uni.createFrom().nullItem();
            }
            String histograms = "select duration_hist from " + table + where + " and duration_hist is not null";
            return pool.preparedQuery(histograms).execute(Tuple.from(params)).map(hists -> {
                long[] counts = new long[0];
                for (Row h : hists) {
                    Integer[] hist = h.getArrayOfIntegers("duration_hist");
                    if (hist.length > counts.length) {
                        counts = java.util.Arrays.copyOf(counts, hist.length);
                    }
                    for (int b = 0; b < hist.length; b++) {
                        counts[b] += hist[b] == null ? 0 : hist[b];
                    }
                }
                Long max = row.getLong("max_ms");
                CallSummary.Durations durations = max == null ? null : new CallSummary.Durations(DurationBuckets.percentile(counts, 0.5, max),
                        DurationBuckets.percentile(counts, 0.95, max), DurationBuckets.percentile(counts, 0.99, max), max);
                return new CallSummary(count, row.getLong("errors"), Rows.money(row, "cost"), row.getLong("unpriced"),
                        Tokens.of(CallListReads.sum(row, "input"), CallListReads.sum(row, "output"), CallListReads.sum(row, "cache_read"),
                                CallListReads.sum(row, "cache_write"), CallListReads.sum(row, "reasoning")),
                        durations);
            });
        });
    }
}
