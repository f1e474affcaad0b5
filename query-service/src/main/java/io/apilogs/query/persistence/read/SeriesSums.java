package io.apilogs.query.persistence.read;

import io.apilogs.model.ratelimit.Headroom;
import io.apilogs.query.persistence.DurationBuckets;
import io.apilogs.query.view.CallSummary;
import io.apilogs.query.view.Series;
import io.apilogs.query.view.Tokens;
import io.vertx.mutiny.sqlclient.Row;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;

/**
 * The sums of one analytics point: a row of the roll-ups or of the calls read by {@link SeriesReads} (the same columns
 * either way), or several added up (a line's totals, the groups past the limit). Durations are kept as a histogram in
 * {@link DurationBuckets}, so added points give the percentiles of all their calls.
 */
final class SeriesSums {
    /** The columns {@link #add(Row)} reads, summed over rows {@code u} of an hourly roll-up table. */
    static final String ROLLUP_SUMS = "sum(u.calls) as calls, sum(u.errors) as errors, sum(u.rate_limited) as rate_limited,"
            + " coalesce(sum(u.input_tokens), 0) as input, coalesce(sum(u.output_tokens), 0) as output,"
            + " coalesce(sum(u.cache_read_tokens), 0) as cache_read, coalesce(sum(u.cache_write_tokens), 0) as cache_write,"
            + " coalesce(sum(u.reasoning_tokens), 0) as reasoning, sum(u.cost_usd) as cost, sum(u.unpriced_calls) as unpriced,"
            + " max(u.max_duration_ms) as max_ms, apilogs_hist_sum(u.duration_hist) as hist, sum(u.cache_savings_usd) as savings,"
            + " " + share("min(u.min_requests_share)") + " as min_requests, " + share("min(u.min_tokens_share)") + " as min_tokens,"
            + " sum(u.low_headroom_calls) as low_headroom";

    /** A share as stored (real) to 6 decimals, so 0.15 reads 0.15 and not 0.15000000596. */
    static String share(String aggregate) {
        return "round((" + aggregate + ")::numeric, 6)::float8";
    }

    long calls;
    long errors;
    long rateLimited;
    long input;
    long output;
    long cacheRead;
    long cacheWrite;
    long reasoning;
    BigDecimal cost;
    long unpriced;
    Long maxMs;
    long[] durations = new long[0];
    BigDecimal savings;
    Double minRequests;
    Double minTokens;
    long lowHeadroom;

    /** Adds a row of the columns {@link SeriesReads} selects. */
    void add(Row row) {
        calls += row.getLong("calls");
        errors += row.getLong("errors");
        rateLimited += row.getLong("rate_limited");
        input += CallListReads.sum(row, "input");
        output += CallListReads.sum(row, "output");
        cacheRead += CallListReads.sum(row, "cache_read");
        cacheWrite += CallListReads.sum(row, "cache_write");
        reasoning += CallListReads.sum(row, "reasoning");
        cost = plus(cost, row.getBigDecimal("cost"));
        unpriced += row.getLong("unpriced");
        maxMs = max(maxMs, row.getLong("max_ms"));
        Integer[] hist = row.getArrayOfIntegers("hist");
        if (hist != null) {
            addDurations(hist);
        }
        savings = plus(savings, row.getBigDecimal("savings"));
        minRequests = Headroom.lower(minRequests, row.getDouble("min_requests"));
        minTokens = Headroom.lower(minTokens, row.getDouble("min_tokens"));
        lowHeadroom += row.getLong("low_headroom");
    }

    void add(SeriesSums other) {
        calls += other.calls;
        errors += other.errors;
        rateLimited += other.rateLimited;
        input += other.input;
        output += other.output;
        cacheRead += other.cacheRead;
        cacheWrite += other.cacheWrite;
        reasoning += other.reasoning;
        cost = plus(cost, other.cost);
        unpriced += other.unpriced;
        maxMs = max(maxMs, other.maxMs);
        if (other.durations.length > durations.length) {
            durations = Arrays.copyOf(durations, other.durations.length);
        }
        for (int b = 0; b < other.durations.length; b++) {
            durations[b] += other.durations[b];
        }
        savings = plus(savings, other.savings);
        minRequests = Headroom.lower(minRequests, other.minRequests);
        minTokens = Headroom.lower(minTokens, other.minTokens);
        lowHeadroom += other.lowHeadroom;
    }

    private void addDurations(Integer[] hist) {
        if (hist.length > durations.length) {
            durations = Arrays.copyOf(durations, hist.length);
        }
        for (int b = 0; b < hist.length; b++) {
            durations[b] += hist[b] == null ? 0 : hist[b];
        }
    }

    Series.Point point(Instant start, ZoneId zone) {
        CallSummary.Durations latency = maxMs == null ? null : new CallSummary.Durations(DurationBuckets.percentile(durations, 0.5, maxMs),
                DurationBuckets.percentile(durations, 0.95, maxMs), DurationBuckets.percentile(durations, 0.99, maxMs), maxMs);
        return new Series.Point(start.atZone(zone).toOffsetDateTime(), calls, errors, calls == 0 ? null : ratio(errors, calls), rateLimited,
                Tokens.of(input, output, cacheRead, cacheWrite, reasoning), Rows.money(cost), unpriced, latency,
                input == 0 ? null : ratio(cacheRead, input), Rows.money(savings),
                new Series.RateLimit(minRequests, minTokens, lowHeadroom));
    }

    /** A ratio to 6 significant digits, enough for a chart and stable in JSON. */
    private static double ratio(long part, long whole) {
        return new BigDecimal(part).divide(new BigDecimal(whole), new MathContext(6)).doubleValue();
    }

    private static BigDecimal plus(BigDecimal a, BigDecimal b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a.add(b);
    }

    private static Long max(Long a, Long b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Long.valueOf(Math.max(a, b));
    }
}
