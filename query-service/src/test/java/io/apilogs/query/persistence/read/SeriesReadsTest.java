package io.apilogs.query.persistence.read;

import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.cost.CostBreakdown;
import io.apilogs.model.cost.CostCalculator;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.Usage;
import io.apilogs.model.ratelimit.Headroom;
import io.apilogs.query.persistence.write.EventWriter;
import io.apilogs.query.view.Series;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Analytics series (issue 27) read from the hourly roll-ups say what the calls say: each point's counts, 429s, tokens,
 * cost, cache savings and rate-limit headroom equal the calls' own (and the sums worked out here from the events),
 * and each latency percentile is within 1/16 of the exact one, computed by PostgreSQL from the calls.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class SeriesReadsTest {
    private static final Instant T0 = Instant.parse("2026-11-18T21:00:00Z");
    private static final int CALLS = 900;

    @Inject
    Pool pool;

    @Inject
    EventWriter writer;

    @Inject
    SeriesReads series;

    private final String ws = "ws_series_" + UUID.randomUUID();

    @Test
    @RunOnVertxContext
    void theRollupsSayWhatTheCallsSayAndPercentilesAreWithinOneSixteenth(UniAsserter asserter) {
        List<Event> events = calls();
        asserter.execute(() -> writer.write(events.subList(0, 450), 3));
        asserter.execute(() -> writer.write(events.subList(450, CALLS), 4));
        ActivityFilter days = ActivityFilter.parse("2026-11-18", "2026-11-21", "UTC", null, null, null);

        // The sums worked out from the events themselves.
        CostCalculator calculator = new CostCalculator();
        long rateLimited = 0;
        long low = 0;
        BigDecimal savings = BigDecimal.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        for (Event event : events) {
            LlmCallEvent call = (LlmCallEvent) event;
            rateLimited += Headroom.rateLimited(call.error()) ? 1 : 0;
            Headroom headroom = call.rateLimit() == null ? null : Headroom.of(call.rateLimit());
            low += headroom != null && headroom.low() ? 1 : 0;
            CostBreakdown breakdown = calculator.cost(call);
            cost = cost.add(breakdown.total());
            if (call.usage().cacheReadOrZero() + call.usage().cacheWriteOrZero() > 0) {
                savings = savings.add(breakdown.cacheSavings());
            }
        }
        long expectedRateLimited = rateLimited;
        long expectedLow = low;
        BigDecimal expectedSavings = savings;
        BigDecimal expectedCost = cost;
        assertThat(expectedRateLimited).isPositive();
        assertThat(expectedLow).isPositive();
        assertThat(expectedSavings.signum()).isPositive();

        asserter.assertThat(() -> series.series(ws, days, null, null, null), rolled -> {
            assertThat(rolled.interval()).isEqualTo("day");
            assertThat(rolled.series()).hasSize(1);
            Series.Point totals = rolled.series().get(0).totals();
            assertThat(totals.calls()).isEqualTo(CALLS);
            assertThat(totals.rateLimited()).isEqualTo(expectedRateLimited);
            assertThat(totals.rateLimit().lowHeadroomCalls()).isEqualTo(expectedLow);
            assertThat(totals.rateLimit().minRequestsShare()).isEqualTo(0.02);
            assertThat(totals.rateLimit().minTokensShare()).isEqualTo(0.25);
            assertThat(totals.cacheSavingsUsd()).isEqualByComparingTo(expectedSavings);
            assertThat(totals.costUsd()).isEqualByComparingTo(expectedCost);
            assertThat(rolled.series().get(0).points()).extracting(Series.Point::start)
                    .containsExactly(T0.minusSeconds(21 * 3600).atOffset(ZoneOffset.UTC), T0.plusSeconds(3 * 3600).atOffset(ZoneOffset.UTC),
                            T0.plusSeconds(27 * 3600).atOffset(ZoneOffset.UTC), T0.plusSeconds(51 * 3600).atOffset(ZoneOffset.UTC));
        });

        for (String interval : List.of("hour", "day")) {
            for (String groupBy : new String[] {null, "model", "assistant"}) {
                asserter.assertThat(() -> series.series(ws, days, interval, groupBy, null, false)
                        .chain(rolled -> series.series(ws, days, interval, groupBy, null, true).map(read -> new Series[] {rolled, read})), pair -> {
                    Series rolled = pair[0];
                    Series read = pair[1];
                    assertThat(rolled.series()).extracting(Series.Line::key).containsExactlyElementsOf(
                            read.series().stream().map(Series.Line::key).toList());
                    assertThat(rolled.series().get(0).points()).hasSize("hour".equals(interval) ? 96 : 4);
                    for (int l = 0; l < rolled.series().size(); l++) {
                        List<Series.Point> a = rolled.series().get(l).points();
                        List<Series.Point> b = read.series().get(l).points();
                        for (int p = 0; p < a.size(); p++) {
                            Series.Point x = a.get(p);
                            Series.Point y = b.get(p);
                            assertThat(x.start()).isEqualTo(y.start());
                            assertThat(x.calls()).isEqualTo(y.calls());
                            assertThat(x.errors()).isEqualTo(y.errors());
                            assertThat(x.rateLimited()).isEqualTo(y.rateLimited());
                            assertThat(x.tokens()).isEqualTo(y.tokens());
                            assertThat(x.unpricedCalls()).isEqualTo(y.unpricedCalls());
                            assertThat(x.costUsd() == null ? y.costUsd() == null : x.costUsd().compareTo(y.costUsd()) == 0).isTrue();
                            assertThat(x.cacheSavingsUsd() == null ? y.cacheSavingsUsd() == null
                                    : x.cacheSavingsUsd().compareTo(y.cacheSavingsUsd()) == 0).isTrue();
                            assertThat(x.rateLimit()).isEqualTo(y.rateLimit());
                            assertThat(x.cacheHitRatio()).isEqualTo(y.cacheHitRatio());
                            assertThat(x.latencyMs()).isEqualTo(y.latencyMs());
                        }
                    }
                });
            }
        }

        // Each hour's percentiles against the exact ones (percentile_disc over the calls).
        asserter.assertThat(() -> series.series(ws, days, "hour", null, null).chain(rolled -> pool.preparedQuery(
                        "select date_trunc('hour', started_at) as h, percentile_disc(array[0.5, 0.95, 0.99]) within group (order by duration_ms) as p,"
                                + " max(duration_ms) as max_ms from llm_calls where workspace_id = $1 group by 1")
                .execute(Tuple.of(ws)).map(rows -> {
                    Map<Instant, Long[]> exact = new HashMap<>();
                    for (Row row : rows) {
                        Object[] p = row.getArrayOfLongs("p");
                        exact.put(row.getOffsetDateTime("h").toInstant(), new Long[] {(Long) p[0], (Long) p[1], (Long) p[2], row.getLong("max_ms")});
                    }
                    return Map.entry(rolled, exact);
                })), pair -> {
            int compared = 0;
            for (Series.Point point : pair.getKey().series().get(0).points()) {
                Long[] exact = pair.getValue().get(point.start().toInstant());
                if (exact == null || exact[3] == null) {
                    assertThat(point.latencyMs()).isNull();
                    continue;
                }
                Long[] read = {point.latencyMs().p50(), point.latencyMs().p95(), point.latencyMs().p99(), point.latencyMs().max()};
                for (int i = 0; i < 3; i++) {
                    assertThat((double) Math.abs(read[i] - exact[i])).as("%s p%d: %d for %d", point.start(), i, read[i], exact[i])
                            .isLessThanOrEqualTo(exact[i] / 16.0 + 1);
                }
                assertThat(read[3]).isEqualTo(exact[3]);
                compared++;
            }
            assertThat(compared).isGreaterThan(50);
        });

        // Past the limit, groups are summed into one line marked other; with the first they make all calls.
        asserter.assertThat(() -> series.series(ws, days, "day", "model", 1), grouped -> {
            assertThat(grouped.series()).hasSize(2);
            assertThat(grouped.series().get(0).key()).isEqualTo("claude-sonnet-4-5");
            assertThat(grouped.series().get(1).other()).isTrue();
            assertThat(grouped.series().get(1).key()).isNull();
            assertThat(grouped.series().get(0).totals().calls() + grouped.series().get(1).totals().calls()).isEqualTo(CALLS);
        });
        // A filter the roll-ups do not know reads the calls: errors only.
        asserter.assertThat(() -> series.series(ws, ActivityFilter.parse("2026-11-18", "2026-11-21", "UTC", null, null, null, "error",
                FilterRanges.NONE), null, null, null), errorsOnly -> {
            Series.Point totals = errorsOnly.series().get(0).totals();
            assertThat(totals.calls()).isEqualTo(totals.errors()).isPositive();
            assertThat(totals.rateLimited()).isEqualTo(expectedRateLimited);
        });
    }

    @Inject
    io.apilogs.query.persistence.Repricer repricer;

    @Test
    @RunOnVertxContext
    void foldingAndRebuildingTheRollupsKeepWhatTheyHold(UniAsserter asserter) {
        List<Event> events = calls();
        asserter.execute(() -> writer.write(events.subList(0, 300), 5));
        asserter.execute(() -> writer.write(events.subList(300, CALLS), 6));
        ActivityFilter days = ActivityFilter.parse("2026-11-18", "2026-11-21", "UTC", null, null, null);
        List<Series.Point> before = new ArrayList<>();
        asserter.execute(() -> series.series(ws, days, "hour", "model", null).invoke(s -> s.series().forEach(l -> before.addAll(l.points()))));
        // Every shard of these hours into shard 0, then every hour rebuilt from the calls by a repricing.
        asserter.execute(() -> io.apilogs.query.persistence.write.UsageRollups.fold(pool, Instant.parse("2030-01-01T00:00:00Z"), 1000));
        asserter.assertThat(() -> pool.preparedQuery("select count(*) as n from usage_hourly_model where workspace_id = $1 and shard <> 0")
                .execute(Tuple.of(ws)), rows -> assertThat(rows.iterator().next().getLong("n")).isZero());
        asserter.assertThat(() -> series.series(ws, days, "hour", "model", null), folded -> assertThat(points(folded)).isEqualTo(before));
        asserter.assertThat(() -> repricer.reprice(ws, T0.minusSeconds(86_400), T0.plusSeconds(4 * 86_400)), n -> assertThat(n).isEqualTo(CALLS));
        asserter.assertThat(() -> series.series(ws, days, "hour", "model", null), rebuilt -> {
            assertThat(points(rebuilt)).isEqualTo(before);
            assertThat(before.stream().mapToLong(Series.Point::rateLimited).sum()).isPositive();
        });
    }

    @Test
    @RunOnVertxContext
    void daysAreMergedOnceAndALateCallOrARepricingRetiresThem(UniAsserter asserter) {
        List<Event> events = calls();
        asserter.execute(() -> writer.write(events.subList(0, CALLS - 1), 7));
        ActivityFilter days = ActivityFilter.parse("2026-11-18", "2026-11-21", "Europe/Berlin", null, null, null);
        Tuple ws = Tuple.of(this.ws);
        asserter.assertThat(() -> series.series(ws(), days, "day", "model", null), first -> assertThat(first.series().stream()
                .mapToLong(l -> l.totals().calls()).sum()).isEqualTo(CALLS - 1));
        // Berlin's days have ended long ago: each is kept, once per key, under the epoch of now. These calls were all
        // late already (weeks old), so their writer moved its counter once.
        asserter.assertThat(() -> pool.preparedQuery("select count(*) as n, min(epoch) as e, max(epoch) as m from usage_spans_done"
                        + " where workspace_id = $1").execute(ws), rows -> {
                    Row row = rows.iterator().next();
                    assertThat(row.getLong("n")).isEqualTo(4);
                    assertThat(row.getLong("e")).isEqualTo(1).isEqualTo(row.getLong("m"));
                });
        // Kept or merged now, the answer is the same, and it is the calls' own.
        asserter.assertThat(() -> series.series(ws(), days, "day", "model", null)
                .chain(kept -> series.series(ws(), days, "day", "model", null, true).map(read -> new Series[] {kept, read})), pair -> {
            assertThat(points(pair[0])).isEqualTo(points(pair[1]));
        });
        asserter.assertThat(() -> series.series(ws(), days, "week", null, null), week -> {
            assertThat(week.series()).hasSize(1);
            assertThat(week.series().get(0).totals().calls()).isEqualTo(CALLS - 1);
        });
        // A late call adds to an hour of a kept day: the epoch moves on and the day is merged again, with it.
        asserter.execute(() -> writer.write(events.subList(CALLS - 1, CALLS), 8));
        asserter.assertThat(() -> pool.preparedQuery("select sum(epoch) as epoch from usage_epochs where workspace_id = $1").execute(ws),
                rows -> assertThat(rows.iterator().next().getLong("epoch")).isEqualTo(2));
        asserter.assertThat(() -> series.series(ws(), days, "day", null, null), after -> {
            assertThat(after.series().get(0).totals().calls()).isEqualTo(CALLS);
            assertThat(after.series().get(0).points().stream().mapToLong(Series.Point::calls).sum()).isEqualTo(CALLS);
        });
        asserter.assertThat(() -> repricer.reprice(ws(), T0.minusSeconds(86_400), T0.plusSeconds(4 * 86_400)), n -> assertThat(n).isEqualTo(CALLS));
        asserter.assertThat(() -> pool.preparedQuery("select sum(epoch) as epoch from usage_epochs where workspace_id = $1").execute(ws),
                rows -> assertThat(rows.iterator().next().getLong("epoch")).isGreaterThan(2));
        asserter.assertThat(() -> series.series(ws(), days, "day", "model", null)
                .chain(kept -> series.series(ws(), days, "day", "model", null, true).map(read -> new Series[] {kept, read})),
                pair -> assertThat(points(pair[0])).isEqualTo(points(pair[1])));
    }

    private String ws() {
        return ws;
    }

    private static List<Series.Point> points(Series series) {
        List<Series.Point> all = new ArrayList<>();
        series.series().forEach(l -> all.addAll(l.points()));
        return all;
    }

    /** 900 calls over 60 hours: two models, 1 in 9 failed (a third of those 429s), cache use, headers on every other call. */
    private List<Event> calls() {
        SplittableRandom random = new SplittableRandom(27);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            String model = i % 3 == 0 ? "gpt-4o" : "claude-sonnet-4-5";
            Long duration = i % 50 == 7 ? null : (long) Math.exp(random.nextDouble() * 10);
            ErrorInfo error = i % 9 != 0 ? null : switch (i % 27) {
                case 0 -> new ErrorInfo("api_error", "slow down", 429);
                case 9 -> new ErrorInfo("overloaded_error", "busy", 529);
                default -> new ErrorInfo("rate_limit_error", "tokens per minute", null);
            };
            Usage usage = new Usage(2000L + i, 100L + i % 7, i % 4 == 0 ? 1500L : null, i % 10 == 1 ? 200L : null, null, null);
            Map<String, String> headers = i % 2 != 0 ? null : Map.of(
                    "anthropic-ratelimit-requests-limit", "1000", "anthropic-ratelimit-requests-remaining", String.valueOf(1000 - (i % 100) * 10),
                    "anthropic-ratelimit-tokens-limit", "100000", "anthropic-ratelimit-tokens-remaining", String.valueOf(i % 3 == 0 ? 25000 : 50000));
            events.add(new LlmCallEvent(ws, "e" + i, new ConversationRef("conv-" + i % 12, "Series"), new AssistantRef("assistant-" + i % 2, null),
                    T0.plusSeconds(i * 240L), duration, "c" + i, "anthropic", model, null, null, null, error == null ? "end_turn" : null,
                    usage, null, error, headers));
        }
        return events;
    }
}
