package io.apilogs.query.persistence.write;

import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.Usage;
import io.apilogs.query.persistence.DurationBuckets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The roll-ups' failed calls, longest duration and histogram of durations (V16): the database buckets as the Java
 * does, and writers' shards, a fold and a rebuild from the calls all give the same histogram.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class RollupDurationsTest {
    @Inject
    Pool pool;

    @Inject
    EventWriter writer;

    private final WriterFixture f = new WriterFixture();

    @Test
    @RunOnVertxContext
    void theDatabaseBucketsEveryDurationAsTheJavaDoes(UniAsserter asserter) {
        List<Long> values = new ArrayList<>();
        for (long ms = -3; ms < 5000; ms++) {
            values.add(ms);
        }
        for (int power = 4; power < 63; power++) {
            values.add((1L << power) - 1);
            values.add(1L << power);
            values.add((1L << power) + 1);
        }
        values.add(Long.MAX_VALUE);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 2000; i++) {
            values.add(random.nextLong(1, 1L << 45));
        }
        asserter.assertThat(() -> pool.preparedQuery("select v, apilogs_duration_bucket(v) as b from unnest($1::int8[]) v")
                .execute(Tuple.of(values.toArray(Long[]::new))), rows -> {
                    assertThat(rows.size()).isEqualTo(values.size());
                    for (Row row : rows) {
                        assertThat(row.getInteger("b")).as("bucket of %d", row.getLong("v")).isEqualTo(DurationBuckets.bucket(row.getLong("v")));
                    }
                });
    }

    private LlmCallEvent call(String id, Instant at, Long durationMs, boolean failed) {
        return new LlmCallEvent(f.workspaceId, id, new ConversationRef("conv-" + id.charAt(0), "Subject"), new AssistantRef("assistant-a", null),
                at, durationMs, id, "anthropic", "claude-haiku-4-5", null, null, null, failed ? null : "end_turn",
                new Usage(100L, 10L, null, null, null, null), null, failed ? new ErrorInfo("rate_limit_error", "slow down", 429) : null, null);
    }

    private static final String HOUR = """
            select sum(calls) as calls, sum(errors) as errors, max(max_duration_ms) as max_ms, count(*) as rows,
                   (select array_agg(n order by b) from (select b - 1 as b, sum(c)::int8 as n
                      from usage_hourly_model u2, unnest(u2.duration_hist) with ordinality as t(c, b)
                      where u2.workspace_id = $1 and u2.hour = $2 group by b) h where n > 0) as counts,
                   (select array_agg(b order by b) from (select b - 1 as b, sum(c) as n
                      from usage_hourly_model u2, unnest(u2.duration_hist) with ordinality as t(c, b)
                      where u2.workspace_id = $1 and u2.hour = $2 group by b) h where n > 0) as buckets
            from usage_hourly_model where workspace_id = $1 and hour = $2""";

    /** The calls' durations counted by bucket, as [bucket, count] pairs of the non-empty ones, for comparing with the table. */
    private static long[][] expected(List<LlmCallEvent> calls) {
        java.util.TreeMap<Integer, Long> counts = new java.util.TreeMap<>();
        for (LlmCallEvent c : calls) {
            if (c.durationMs() != null) {
                counts.merge(DurationBuckets.bucket(c.durationMs()), 1L, Long::sum);
            }
        }
        return new long[][] {counts.keySet().stream().mapToLong(Integer::longValue).toArray(), counts.values().stream().mapToLong(Long::longValue).toArray()};
    }

    private void assertHour(UniAsserter asserter, List<LlmCallEvent> calls, long rows) {
        long[][] expected = expected(calls);
        long errors = calls.stream().filter(c -> c.error() != null).count();
        long max = calls.stream().filter(c -> c.durationMs() != null).mapToLong(LlmCallEvent::durationMs).max().orElseThrow();
        asserter.assertThat(() -> pool.preparedQuery(HOUR).execute(Tuple.of(f.workspaceId, WriterFixture.T0.atOffset(ZoneOffset.UTC))), result -> {
            Row row = result.iterator().next();
            assertThat(row.getLong("rows")).isEqualTo(rows);
            assertThat(row.getLong("calls")).isEqualTo((long) calls.size());
            assertThat(row.getLong("errors")).isEqualTo(errors);
            assertThat(row.getLong("max_ms")).isEqualTo(max);
            assertThat(java.util.Arrays.stream(row.getArrayOfLongs("buckets")).mapToLong(Long::longValue).toArray()).isEqualTo(expected[0]);
            assertThat(java.util.Arrays.stream(row.getArrayOfLongs("counts")).mapToLong(Long::longValue).toArray()).isEqualTo(expected[1]);
        });
    }

    @Test
    @RunOnVertxContext
    void writersShardsAFoldAndARebuildKeepTheSameHistogramErrorsAndLongestCall(UniAsserter asserter) {
        SplittableRandom random = new SplittableRandom(11);
        List<LlmCallEvent> calls = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Long duration = i % 50 == 7 ? null : (long) Math.exp(random.nextDouble() * 12);
            calls.add(call((char) ('a' + i % 3) + "-" + i, WriterFixture.T0.plusSeconds(i), duration, i % 9 == 0));
        }
        // Three writers (partitions), each adding its share to its own shard.
        for (int shard = 0; shard < 3; shard++) {
            int s = shard;
            List<Event> share = new ArrayList<>(calls.subList(s * 100, (s + 1) * 100));
            asserter.execute(() -> writer.write(share, s + 1));
        }
        assertHour(asserter, calls, 3);
        asserter.assertThat(() -> UsageRollups.fold(pool, WriterFixture.T0.plusSeconds(3600), 1), written -> assertThat(written).isPositive());
        assertHour(asserter, calls, 1);
        // A rebuild (repricing) recounts them from the calls themselves.
        asserter.execute(() -> pool.withTransaction(conn -> UsageRollups.rebuild(conn, f.workspaceId, List.of(WriterFixture.T0))));
        assertHour(asserter, calls, 1);
    }
}
