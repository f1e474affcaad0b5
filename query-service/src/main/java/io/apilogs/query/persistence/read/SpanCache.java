package io.apilogs.query.persistence.read;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Analytics' days and weeks merged once (V22): merging the hourly histograms costs ~15 µs a row whatever the SQL, so
 * 90 days by model (43,000 hourly rows) took ~1 s. A span that ended {@link #SETTLED} ago is merged per key into
 * {@code usage_spans} under the workspace's epoch, and read from there while the epoch stays the same.
 *
 * <p>Why no lock is needed: a writer that adds to an hour before the previous one (every hour of a kept span is such an
 * hour, with an hour to spare for clocks), a repricing rebuild and retention bump the epoch in the transaction that
 * changes the hours. A read that merged before such a transaction committed stored its span under the old epoch, which
 * no later read uses; a read that began after it sees the new epoch and the new rows.
 */
final class SpanCache {
    /** How long before now a span must have ended to be kept: the writers' "late" is an hour before the previous one. */
    static final Duration SETTLED = Duration.ofHours(2);

    /** A read's interval: its label (the interval's start) and the span of hours it covers, [start, end). */
    record Span(Instant label, Instant start, Instant end) {
    }

    /** A row of sums and its interval's label. */
    record Labeled(Instant label, Row row) {
    }

    private static final String STORED = "k, calls, errors, rate_limited, input::numeric as input, output::numeric as output,"
            + " cache_read::numeric as cache_read, cache_write::numeric as cache_write, reasoning::numeric as reasoning, cost, unpriced,"
            + " max_ms, hist, savings, min_requests, min_tokens, low_headroom";

    private SpanCache() {
    }

    /**
     * The sums per span and key of {@code table} ({@code usage_hourly_model} or {@code usage_hourly_assistant}, keyed by
     * {@code keyColumn}) for a workspace: kept spans from {@code usage_spans}, the others merged now, and those that
     * have settled kept for the next read.
     */
    static Uni<List<Labeled>> rows(Pool pool, String workspaceId, String table, String keyColumn, List<Span> spans, Instant now) {
        String dimension = keyColumn;
        // The sum of the shards' counters: every bump that commits makes it larger.
        return pool.preparedQuery("select coalesce(sum(epoch), 0)::int8 as epoch from usage_epochs where workspace_id = $1")
                .execute(Tuple.of(workspaceId)).map(rows -> rows.iterator().next().getLong("epoch"))
                .chain(epoch -> kept(pool, workspaceId, keyColumn, spans, epoch).chain(kept -> {
                    List<Span> missing = spans.stream().filter(s -> !kept.containsKey(s)).toList();
                    List<Span> settled = missing.stream().filter(s -> !s.end().isAfter(now.minus(SETTLED))).toList();
                    List<Span> recent = missing.stream().filter(s -> s.end().isAfter(now.minus(SETTLED))).toList();
                    Uni<List<Labeled>> merged = merge(pool, workspaceId, table, keyColumn, recent);
                    Uni<List<Labeled>> stored = settled.isEmpty() ? Uni.createFrom().item(List.of())
                            : keep(pool, workspaceId, table, keyColumn, settled, epoch)
                            .chain(() -> kept(pool, workspaceId, keyColumn, settled, epoch))
                            .map(again -> again.values().stream().flatMap(List::stream).toList());
                    return Uni.combine().all().unis(merged, stored).with((a, b) -> {
                        List<Labeled> all = new ArrayList<>();
                        kept.values().forEach(all::addAll);
                        all.addAll(a);
                        all.addAll(b);
                        return all;
                    });
                }));
    }

    /** The kept spans among {@code spans} under {@code epoch}, each with its rows (none for a span without calls). */
    private static Uni<Map<Span, List<Labeled>>> kept(Pool pool, String workspaceId, String dimension, List<Span> spans, long epoch) {
        if (spans.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Map<String, Span> byBounds = new HashMap<>();
        spans.forEach(s -> byBounds.put(s.start() + "/" + s.end(), s));
        OffsetDateTime[] starts = spans.stream().map(s -> utc(s.start())).toArray(OffsetDateTime[]::new);
        Tuple params = Tuple.of(workspaceId, dimension, epoch, starts);
        Uni<List<Span>> done = pool.preparedQuery("select span_start, span_end from usage_spans_done where workspace_id = $1"
                        + " and dimension = $2 and epoch = $3 and span_start = any($4::timestamptz[])").execute(params)
                .map(rows -> {
                    List<Span> found = new ArrayList<>();
                    rows.forEach(r -> {
                        Span span = byBounds.get(r.getOffsetDateTime("span_start").toInstant() + "/" + r.getOffsetDateTime("span_end").toInstant());
                        if (span != null) {
                            found.add(span);
                        }
                    });
                    return found;
                });
        return done.chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Map.<Span, List<Labeled>>of());
            }
            return pool.preparedQuery("select span_start, span_end, " + STORED + " from usage_spans where workspace_id = $1"
                    + " and dimension = $2 and epoch = $3 and span_start = any($4::timestamptz[])").execute(params).map(rows -> {
                        Map<Span, List<Labeled>> kept = new HashMap<>();
                        found.forEach(s -> kept.put(s, new ArrayList<>()));
                        for (Row r : rows) {
                            Span span = byBounds.get(r.getOffsetDateTime("span_start").toInstant() + "/" + r.getOffsetDateTime("span_end").toInstant());
                            if (span != null && kept.containsKey(span)) {
                                kept.get(span).add(new Labeled(span.label(), r));
                            }
                        }
                        return kept;
                    });
        });
    }

    /** The spans merged now, not kept (they may still change). */
    private static Uni<List<Labeled>> merge(Pool pool, String workspaceId, String table, String keyColumn, List<Span> spans) {
        if (spans.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery("select x.label, " + "u." + keyColumn + " as k, " + SeriesSums.ROLLUP_SUMS + spansJoin(table) + " group by 1, 2")
                .execute(spanParams(workspaceId, spans))
                .map(rows -> {
                    List<Labeled> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Labeled(r.getOffsetDateTime("label").toInstant(), r)));
                    return out;
                });
    }

    /**
     * Merges and keeps settled spans under {@code epoch}, replacing what an older epoch kept of them. A span's dimension is
     * the key column it is merged by.
     */
    private static Uni<Void> keep(Pool pool, String workspaceId, String table, String keyColumn, List<Span> spans, long epoch) {
        String dimension = keyColumn;
        OffsetDateTime[] starts = spans.stream().map(s -> utc(s.start())).toArray(OffsetDateTime[]::new);
        OffsetDateTime[] ends = spans.stream().map(s -> utc(s.end())).toArray(OffsetDateTime[]::new);
        Tuple stale = Tuple.of(workspaceId, dimension, starts, ends, epoch);
        String staleWhere = " where workspace_id = $1 and dimension = $2 and epoch <> $5 and (span_start, span_end) in"
                + " (select * from unnest($3::timestamptz[], $4::timestamptz[]))";
        Tuple insert = spanParams(workspaceId, spans).addString(dimension).addLong(epoch);
        return pool.withTransaction(conn -> conn.preparedQuery("delete from usage_spans" + staleWhere).execute(stale)
                .chain(() -> conn.preparedQuery("delete from usage_spans_done" + staleWhere).execute(stale))
                .chain(() -> conn.preparedQuery("insert into usage_spans (workspace_id, dimension, span_start, span_end, epoch, k, calls,"
                        + " errors, rate_limited, input, output, cache_read, cache_write, reasoning, cost, unpriced, max_ms, hist, savings,"
                        + " min_requests, min_tokens, low_headroom)"
                        + " select $1, $5, x.s, x.e, $6, u." + keyColumn + ", " + SeriesSums.ROLLUP_SUMS + spansJoin(table) + " group by 3, 4, 6"
                        + " on conflict do nothing")
                        .execute(insert))
                .chain(() -> conn.preparedQuery("insert into usage_spans_done (workspace_id, dimension, span_start, span_end, epoch)"
                        + " select $1, $2, s, e, $5 from unnest($3::timestamptz[], $4::timestamptz[]) as x(s, e) on conflict do nothing")
                        .execute(stale))
                .replaceWithVoid());
    }

    /** The join of the spans ($2 labels, $3 starts, $4 ends) with the workspace's ($1) hourly rows; the caller groups per span and key. */
    private static String spansJoin(String table) {
        return " from unnest($2::timestamptz[], $3::timestamptz[], $4::timestamptz[]) as x(label, s, e)"
                + " join " + table + " u on u.workspace_id = $1 and u.hour >= x.s and u.hour < x.e";
    }

    private static Tuple spanParams(String workspaceId, List<Span> spans) {
        return Tuple.of(workspaceId, spans.stream().map(s -> utc(s.label())).toArray(OffsetDateTime[]::new),
                spans.stream().map(s -> utc(s.start())).toArray(OffsetDateTime[]::new),
                spans.stream().map(s -> utc(s.end())).toArray(OffsetDateTime[]::new));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
