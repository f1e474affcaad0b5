package io.apilogs.query.persistence.write;

import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.Hashing;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rows batches share: prompts by SHA-256, assistant names, hourly usage; on the real database. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class SharedRowsTest {
    @Inject
    Pool pool;

    @Inject
    EventWriter writer;

    /** A transaction left open on a connection of its own, as a writer's that has not committed yet. */
    private static final class Held {
        private io.vertx.mutiny.sqlclient.SqlConnection conn;
        private io.vertx.mutiny.sqlclient.Transaction tx;

        io.smallrye.mutiny.Uni<?> begin(Pool pool, java.util.function.Function<io.vertx.mutiny.sqlclient.SqlConnection, io.smallrye.mutiny.Uni<?>> work) {
            return pool.getConnection().invoke(c -> conn = c).chain(c -> c.begin()).invoke(t -> tx = t).chain(() -> work.apply(conn));
        }

        io.smallrye.mutiny.Uni<Void> commit() {
            return tx.commit().chain(() -> conn.close());
        }
    }

    private final WriterFixture f = new WriterFixture();

    private static final String PROMPTS = """
            select p.sha256, p.text, sum(s.call_count) as call_count, min(s.first_seen_at) as first_seen_at,
                   max(s.last_seen_at) as last_seen_at, count(s.shard) as shards
            from prompts p join prompt_stats s using (workspace_id, sha256)
            where p.workspace_id = $1 group by p.sha256, p.text order by call_count desc""";

    @Test
    @RunOnVertxContext
    void aPromptIsStoredOnceWithItsCallCountAndFirstAndLastSightingSummedOverShards(UniAsserter asserter) {
        LlmCallEvent later = f.call("e1", "c1", "conv", WriterFixture.T0.plusSeconds(600));
        LlmCallEvent earlier = f.call("e2", "c2", "conv", WriterFixture.T0);
        LlmCallEvent other = f.call("e3", "c3", "conv", WriterFixture.T0, "Another prompt", "assistant-a", null);
        LlmCallEvent none = f.call("e4", "c4", "conv", WriterFixture.T0, null, "assistant-a", null);
        asserter.assertThat(() -> pool.withTransaction(conn -> Prompts.upsert(conn, WriterFixture.plan(List.of(later, other, none)), 0)),
                created -> assertThat(created).as("two new prompts").isEqualTo(2));
        asserter.assertThat(() -> pool.withTransaction(conn -> Prompts.upsert(conn, WriterFixture.plan(List.of(earlier)), 3)),
                created -> assertThat(created).as("a known prompt, counted in shard 3").isZero());
        asserter.assertThat(() -> pool.preparedQuery(PROMPTS).execute(Tuple.of(f.workspaceId)), rows -> {
            assertThat(rows.size()).isEqualTo(2);
            Row first = rows.iterator().next();
            assertThat(first.getString("sha256")).isEqualTo(Hashing.sha256Hex("You are a careful assistant."));
            assertThat(first.getString("text")).isEqualTo("You are a careful assistant.");
            assertThat(first.getLong("shards")).isEqualTo(2L);
            assertThat(first.getLong("call_count")).isEqualTo(2L);
            assertThat(first.getOffsetDateTime("first_seen_at").toInstant()).isEqualTo(WriterFixture.T0);
            assertThat(first.getOffsetDateTime("last_seen_at").toInstant()).isEqualTo(WriterFixture.T0.plusSeconds(600));
        });
        asserter.execute(() -> pool.withTransaction(conn -> Prompts.upsert(conn, WriterFixture.plan(List.of(
                f.call("e5", "c5", "conv", WriterFixture.T0.plusSeconds(60)))), 0)));
        asserter.assertThat(() -> pool.preparedQuery(PROMPTS).execute(Tuple.of(f.workspaceId)), rows -> {
            Row first = rows.iterator().next();
            assertThat(first.getLong("call_count")).isEqualTo(3L);
            assertThat(first.getOffsetDateTime("last_seen_at").toInstant())
                    .as("an older call leaves the last sighting").isEqualTo(WriterFixture.T0.plusSeconds(600));
        });
    }

    @Test
    @RunOnVertxContext
    void writersCountingAKnownPromptInDifferentShardsNeverWaitForEachOther(UniAsserter asserter) {
        BatchPlan first = WriterFixture.plan(List.of(f.call("e1", "c1", "conv", WriterFixture.T0)));
        BatchPlan second = WriterFixture.plan(List.of(f.call("e2", "c2", "conv", WriterFixture.T0.plusSeconds(5))));
        Held open = new Held();
        asserter.execute(() -> pool.withTransaction(conn -> Prompts.upsert(conn, first, 0)));
        asserter.execute(() -> open.begin(pool, conn -> Prompts.upsert(conn, first, 1)));
        asserter.assertThat(() -> pool.withTransaction(conn -> conn.query("set local lock_timeout = '300ms'").execute()
                .chain(() -> Prompts.upsert(conn, second, 2))), created -> assertThat(created).isZero());
        asserter.execute(open::commit);
        asserter.assertThat(() -> pool.preparedQuery(PROMPTS).execute(Tuple.of(f.workspaceId)),
                rows -> assertThat(rows.iterator().next().getLong("call_count")).isEqualTo(3L));
    }

    @Test
    @RunOnVertxContext
    void theLatestNameWinsAndAnUnnamedEventKeepsTheName(UniAsserter asserter) {
        Event named = f.call("e1", "c1", "conv", WriterFixture.T0.plusSeconds(10), "p", "bot", "Support bot");
        Event older = f.call("e2", "c2", "conv", WriterFixture.T0, "p", "bot", "Old name");
        Event unnamed = f.call("e3", "c3", "conv", WriterFixture.T0.plusSeconds(20), "p", "bot", null);
        Event otherBot = f.call("e4", "c4", "conv", WriterFixture.T0, "p", "other", null);
        asserter.execute(() -> pool.withTransaction(conn -> AssistantNames.upsert(conn, List.of(named, otherBot))));
        asserter.execute(() -> pool.withTransaction(conn -> AssistantNames.upsert(conn, List.of(older, unnamed))));
        asserter.assertThat(() -> pool.preparedQuery("select assistant_id, name from assistants where workspace_id = $1 order by assistant_id")
                .execute(Tuple.of(f.workspaceId)), rows -> {
            assertThat(rows).extracting(r -> r.getString("assistant_id")).containsExactly("bot", "other");
            assertThat(rows).extracting(r -> r.getString("name")).containsExactly("Support bot", null);
        });
    }

    @Test
    @RunOnVertxContext
    void aWriterOfUnnamedEventsHoldsNoAssistantRow(UniAsserter asserter) {
        Event named = f.call("e1", "c1", "conv", WriterFixture.T0, "p", "bot", "Support bot");
        Event unnamed = f.call("e2", "c2", "conv", WriterFixture.T0.plusSeconds(1), "p", "bot", null);
        Event alsoUnnamed = f.call("e3", "c3", "conv", WriterFixture.T0.plusSeconds(2), "p", "bot", null);
        Event renamed = f.call("e4", "c4", "conv", WriterFixture.T0.plusSeconds(3), "p", "bot", "Helpdesk");
        Held open = new Held();
        asserter.execute(() -> pool.withTransaction(conn -> AssistantNames.upsert(conn, List.of(named))));
        // A writer of an unnamed event for the known assistant has not committed yet.
        asserter.execute(() -> open.begin(pool, conn -> AssistantNames.upsert(conn, List.of(unnamed))));
        // Neither another unnamed event nor a new name waits for it (an update of the row, as before, would).
        asserter.execute(() -> pool.withTransaction(conn -> conn.query("set local lock_timeout = '300ms'").execute()
                .chain(() -> AssistantNames.upsert(conn, List.of(alsoUnnamed)))));
        asserter.execute(() -> pool.withTransaction(conn -> conn.query("set local lock_timeout = '300ms'").execute()
                .chain(() -> AssistantNames.upsert(conn, List.of(renamed)))));
        asserter.execute(open::commit);
        asserter.assertThat(() -> pool.preparedQuery("select name from assistants where workspace_id = $1 and assistant_id = 'bot'")
                .execute(Tuple.of(f.workspaceId)), rows -> assertThat(rows.iterator().next().getString("name")).isEqualTo("Helpdesk"));
    }

    @Test
    @RunOnVertxContext
    void usageAddsUpPerHourModelAndAssistant(UniAsserter asserter) {
        LlmCallEvent a = f.call("e1", "c1", "conv", WriterFixture.T0.plusSeconds(60));
        LlmCallEvent b = f.call("e2", "c2", "conv", WriterFixture.T0.plusSeconds(120));
        LlmCallEvent nextHour = f.call("e3", "c3", "conv", WriterFixture.T0.plusSeconds(3600));
        BatchPlan first = WriterFixture.plan(List.of(a, nextHour));
        BatchPlan second = WriterFixture.plan(List.of(b));
        asserter.execute(() -> pool.withTransaction(conn -> UsageRollups.add(conn, first.calls, first.costs, first.headroom, 0)));
        asserter.execute(() -> pool.withTransaction(conn -> UsageRollups.add(conn, second.calls, second.costs, second.headroom, 0)));
        asserter.assertThat(() -> pool.preparedQuery("""
                select m.hour, m.calls, m.input_tokens, m.cost_usd, a.calls as assistant_calls
                from usage_hourly_model m join usage_hourly_assistant a using (workspace_id, hour)
                where m.workspace_id = $1 and m.model = 'claude-haiku-4-5' and a.assistant_id = 'assistant-a' order by m.hour""")
                .execute(Tuple.of(f.workspaceId)), rows -> {
            assertThat(rows).extracting(r -> r.getOffsetDateTime("hour").toInstant())
                    .containsExactly(WriterFixture.T0, WriterFixture.T0.plusSeconds(3600));
            Row first10 = rows.iterator().next();
            assertThat(first10.getLong("calls")).isEqualTo(2L);
            assertThat(first10.getLong("assistant_calls")).isEqualTo(2L);
            assertThat(first10.getLong("input_tokens")).isEqualTo(2000L);
            assertThat(first10.getBigDecimal("cost_usd")).isEqualByComparingTo(first.costs.get(a).total().add(second.costs.get(b).total()));
        });
    }

    private static final String TOTALS = """
            select count(*) as rows, sum(calls) as calls, sum(input_tokens) as input, sum(cost_usd) as cost,
                   count(*) filter (where shard <> 0) as sharded
            from usage_hourly_model where workspace_id = $1 and hour = $2""";

    @Test
    @RunOnVertxContext
    void writersOfDifferentShardsNeverWaitForEachOthersRows(UniAsserter asserter) {
        BatchPlan held = WriterFixture.plan(List.of(f.call("e1", "c1", "conv", WriterFixture.T0)));
        BatchPlan other = WriterFixture.plan(List.of(f.call("e2", "c2", "conv", WriterFixture.T0.plusSeconds(5))));
        BatchPlan same = WriterFixture.plan(List.of(f.call("e3", "c3", "conv", WriterFixture.T0.plusSeconds(9))));
        Held open = new Held();
        // One writer's transaction adds to shard 1 and stays open, holding its rows.
        asserter.execute(() -> open.begin(pool, conn -> UsageRollups.add(conn, held.calls, held.costs, held.headroom, 1)));
        // Another shard goes through at once; the same shard would wait (lock_timeout turns the wait into an error).
        asserter.execute(() -> pool.withTransaction(conn -> conn.query("set local lock_timeout = '300ms'").execute()
                .chain(() -> UsageRollups.add(conn, other.calls, other.costs, other.headroom, 2))));
        asserter.assertFailedWith(() -> pool.withTransaction(conn -> conn.query("set local lock_timeout = '300ms'").execute()
                .chain(() -> UsageRollups.add(conn, same.calls, same.costs, same.headroom, 1))), failure ->
                assertThat(((io.vertx.pgclient.PgException) failure).getSqlState()).as("lock_not_available").isEqualTo("55P03"));
        asserter.execute(open::commit);
        asserter.assertThat(() -> pool.preparedQuery(TOTALS).execute(Tuple.of(f.workspaceId, WriterFixture.T0.atOffset(java.time.ZoneOffset.UTC))),
                rows -> {
                    Row r = rows.iterator().next();
                    assertThat(r.getLong("rows")).isEqualTo(2L);
                    assertThat(r.getLong("calls")).as("the reads' sum over shards").isEqualTo(2L);
                });
    }

    @Test
    @RunOnVertxContext
    void foldingMovesOldHoursShardsIntoShardZeroKeepingEverySum(UniAsserter asserter) {
        java.time.Instant lastHour = WriterFixture.T0.plusSeconds(3600);
        for (int shard = 0; shard < 4; shard++) {
            int s = shard;
            BatchPlan old = WriterFixture.plan(List.of(f.call("o" + s, "co" + s, "conv", WriterFixture.T0.plusSeconds(s)),
                    f.call("p" + s, "cp" + s, "conv", WriterFixture.T0.plusSeconds(10 + s))));
            BatchPlan recent = WriterFixture.plan(List.of(f.call("r" + s, "cr" + s, "conv", lastHour.plusSeconds(s))));
            asserter.execute(() -> pool.withTransaction(conn -> UsageRollups.add(conn, old.calls, old.costs, old.headroom, s)
                    .chain(() -> UsageRollups.add(conn, recent.calls, recent.costs, recent.headroom, s))));
        }
        java.math.BigDecimal[] costBefore = new java.math.BigDecimal[1];
        asserter.assertThat(() -> pool.preparedQuery(TOTALS).execute(Tuple.of(f.workspaceId, WriterFixture.T0.atOffset(java.time.ZoneOffset.UTC))),
                rows -> {
                    Row r = rows.iterator().next();
                    assertThat(r.getLong("rows")).isEqualTo(4L);
                    costBefore[0] = r.getBigDecimal("cost");
                });
        // Folds hours before lastHour, in statements of 2 rows.
        asserter.assertThat(() -> UsageRollups.fold(pool, lastHour, 2), written -> assertThat(written).isPositive());
        asserter.assertThat(() -> pool.preparedQuery(TOTALS).execute(Tuple.of(f.workspaceId, WriterFixture.T0.atOffset(java.time.ZoneOffset.UTC))),
                rows -> {
                    Row r = rows.iterator().next();
                    assertThat(r.getLong("rows")).isEqualTo(1L);
                    assertThat(r.getLong("sharded")).isZero();
                    assertThat(r.getLong("calls")).isEqualTo(8L);
                    assertThat(r.getLong("input")).isEqualTo(8000L);
                    assertThat(r.getBigDecimal("cost")).isEqualByComparingTo(costBefore[0]);
                });
        asserter.assertThat(() -> pool.preparedQuery(TOTALS).execute(Tuple.of(f.workspaceId, lastHour.atOffset(java.time.ZoneOffset.UTC))),
                rows -> {
                    Row r = rows.iterator().next();
                    assertThat(r.getLong("rows")).as("the last hour is left to its writers").isEqualTo(4L);
                    assertThat(r.getLong("calls")).isEqualTo(4L);
                });
    }

    @Test
    @RunOnVertxContext
    void aRebuildReplacesEveryShardOfItsHoursWithTheCallsOwnSums(UniAsserter asserter) {
        // The writer stores the calls and adds them to shards 1 and 2 of the same hour, as two partitions would.
        asserter.execute(() -> writer.write(List.of(f.call("e1", "c1", "conv-a", WriterFixture.T0.plusSeconds(1)),
                f.call("e2", "c2", "conv-a", WriterFixture.T0.plusSeconds(2))), 1));
        asserter.execute(() -> writer.write(List.of(f.call("e3", "c3", "conv-b", WriterFixture.T0.plusSeconds(3))), 2));
        asserter.assertThat(() -> pool.preparedQuery(TOTALS).execute(Tuple.of(f.workspaceId, WriterFixture.T0.atOffset(java.time.ZoneOffset.UTC))),
                rows -> assertThat(rows.iterator().next().getLong("sharded")).isEqualTo(2L));
        asserter.execute(() -> pool.withTransaction(conn -> UsageRollups.rebuild(conn, f.workspaceId, List.of(WriterFixture.T0))));
        asserter.assertThat(() -> pool.preparedQuery(TOTALS).execute(Tuple.of(f.workspaceId, WriterFixture.T0.atOffset(java.time.ZoneOffset.UTC))),
                rows -> {
                    Row r = rows.iterator().next();
                    assertThat(r.getLong("rows")).as("one row, in shard 0").isEqualTo(1L);
                    assertThat(r.getLong("sharded")).isZero();
                    assertThat(r.getLong("calls")).isEqualTo(3L);
                    assertThat(r.getLong("input")).isEqualTo(3000L);
                });
    }

    @Test
    @RunOnVertxContext
    void aFoldWaitsForNoRebuildItSkipsItsRoundInstead(UniAsserter asserter) {
        java.time.Instant later = WriterFixture.T0.plusSeconds(7200);
        BatchPlan sharded = WriterFixture.plan(List.of(f.call("e1", "c1", "conv", WriterFixture.T0)));
        asserter.execute(() -> pool.withTransaction(conn -> UsageRollups.add(conn, sharded.calls, sharded.costs, sharded.headroom, 5)));
        Held open = new Held();
        // A repricing's rebuild (of another workspace) is in its transaction.
        asserter.execute(() -> open.begin(pool, conn -> UsageRollups.rebuild(conn, "another-workspace", List.of(WriterFixture.T0))));
        asserter.assertThat(() -> UsageRollups.fold(pool, later, 100), written -> assertThat(written).isZero());
        asserter.assertThat(() -> pool.preparedQuery(TOTALS).execute(Tuple.of(f.workspaceId, WriterFixture.T0.atOffset(java.time.ZoneOffset.UTC))),
                rows -> assertThat(rows.iterator().next().getLong("sharded")).isEqualTo(1L));
        asserter.execute(open::commit);
        asserter.assertThat(() -> UsageRollups.fold(pool, later, 100), written -> assertThat(written).isPositive());
        asserter.assertThat(() -> pool.preparedQuery(TOTALS).execute(Tuple.of(f.workspaceId, WriterFixture.T0.atOffset(java.time.ZoneOffset.UTC))),
                rows -> assertThat(rows.iterator().next().getLong("sharded")).isZero());
    }
}
