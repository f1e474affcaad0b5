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

    private final WriterFixture f = new WriterFixture();

    @Test
    @RunOnVertxContext
    void aPromptIsStoredOnceWithItsCallCountAndFirstAndLastSighting(UniAsserter asserter) {
        LlmCallEvent later = f.call("e1", "c1", "conv", WriterFixture.T0.plusSeconds(600));
        LlmCallEvent earlier = f.call("e2", "c2", "conv", WriterFixture.T0);
        LlmCallEvent other = f.call("e3", "c3", "conv", WriterFixture.T0, "Another prompt", "assistant-a", null);
        LlmCallEvent none = f.call("e4", "c4", "conv", WriterFixture.T0, null, "assistant-a", null);
        asserter.execute(() -> pool.withTransaction(conn -> Prompts.upsert(conn, WriterFixture.plan(List.of(later, other, none)))));
        asserter.execute(() -> pool.withTransaction(conn -> Prompts.upsert(conn, WriterFixture.plan(List.of(earlier)))));
        asserter.assertThat(() -> pool.preparedQuery("select sha256, text, call_count, first_seen_at, last_seen_at from prompts where workspace_id = $1 order by call_count desc")
                .execute(Tuple.of(f.workspaceId)), rows -> {
            assertThat(rows.size()).isEqualTo(2);
            Row first = rows.iterator().next();
            assertThat(first.getString("sha256")).isEqualTo(Hashing.sha256Hex("You are a careful assistant."));
            assertThat(first.getLong("call_count")).isEqualTo(2L);
            assertThat(first.getOffsetDateTime("first_seen_at").toInstant()).isEqualTo(WriterFixture.T0);
            assertThat(first.getOffsetDateTime("last_seen_at").toInstant()).isEqualTo(WriterFixture.T0.plusSeconds(600));
        });
        asserter.execute(() -> pool.withTransaction(conn -> Prompts.upsert(conn, WriterFixture.plan(List.of(
                f.call("e5", "c5", "conv", WriterFixture.T0.plusSeconds(60)))))));
        asserter.assertThat(() -> pool.preparedQuery("select last_seen_at from prompts where workspace_id = $1 and sha256 = $2")
                .execute(Tuple.of(f.workspaceId, Hashing.sha256Hex("You are a careful assistant."))), rows ->
                assertThat(rows.iterator().next().getOffsetDateTime("last_seen_at").toInstant())
                        .as("an older call leaves the last sighting").isEqualTo(WriterFixture.T0.plusSeconds(600)));
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
    void usageAddsUpPerHourModelAndAssistant(UniAsserter asserter) {
        LlmCallEvent a = f.call("e1", "c1", "conv", WriterFixture.T0.plusSeconds(60));
        LlmCallEvent b = f.call("e2", "c2", "conv", WriterFixture.T0.plusSeconds(120));
        LlmCallEvent nextHour = f.call("e3", "c3", "conv", WriterFixture.T0.plusSeconds(3600));
        BatchPlan first = WriterFixture.plan(List.of(a, nextHour));
        BatchPlan second = WriterFixture.plan(List.of(b));
        asserter.execute(() -> pool.withTransaction(conn -> UsageRollups.add(conn, first.calls, first.costs)));
        asserter.execute(() -> pool.withTransaction(conn -> UsageRollups.add(conn, second.calls, second.costs)));
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
}
