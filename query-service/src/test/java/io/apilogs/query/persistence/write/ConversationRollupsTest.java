package io.apilogs.query.persistence.write;

import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.event.Event;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Conversation roll-ups and seq on the real database. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ConversationRollupsTest {
    @Inject
    Pool pool;

    private final WriterFixture f = new WriterFixture();

    @Test
    @RunOnVertxContext
    void countsAddUpAcrossBatchesAndSeqContinues(UniAsserter asserter) {
        Event call1 = f.call("e1", "c1", "conv", WriterFixture.T0.plusSeconds(60));
        Event tool1 = f.tool("e2", "conv", WriterFixture.T0.plusSeconds(62));
        Event call2 = f.call("e3", "c2", "conv", WriterFixture.T0);
        Event http = f.http("e4", "other", WriterFixture.T0);
        asserter.assertThat(() -> pool.withTransaction(conn -> ConversationRollups.merge(conn,
                WriterFixture.plan(List.of(call1, tool1, http)).conversations)), seqs -> {
            assertThat(seqs.get(call1)).isEqualTo(1L);
            assertThat(seqs.get(tool1)).isEqualTo(2L);
            assertThat(seqs.get(http)).as("each conversation counts on its own").isEqualTo(1L);
        });
        asserter.assertThat(() -> pool.withTransaction(conn -> ConversationRollups.merge(conn,
                WriterFixture.plan(List.of(call2)).conversations)), seqs -> assertThat(seqs.get(call2)).isEqualTo(3L));
        asserter.assertThat(() -> pool.preparedQuery("""
                select call_count, tool_count, input_tokens, last_seq, first_at, last_at, models, cost_usd
                from conversations where workspace_id = $1 and conversation_id = 'conv'""").execute(Tuple.of(f.workspaceId)), rows -> {
            Row row = rows.iterator().next();
            assertThat(row.getInteger("call_count")).isEqualTo(2);
            assertThat(row.getInteger("tool_count")).isEqualTo(1);
            assertThat(row.getLong("input_tokens")).isEqualTo(2000L);
            assertThat(row.getLong("last_seq")).isEqualTo(3L);
            assertThat(row.getOffsetDateTime("first_at").toInstant()).as("a late event extends the span back").isEqualTo(WriterFixture.T0);
            assertThat(row.getOffsetDateTime("last_at").toInstant()).isEqualTo(WriterFixture.T0.plusSeconds(62).plusMillis(40));
            assertThat(row.getArrayOfStrings("models")).containsExactly("claude-haiku-4-5");
            assertThat(row.getBigDecimal("cost_usd")).isPositive();
        });
    }

    @Test
    @RunOnVertxContext
    void anEmptyBatchTouchesNothing(UniAsserter asserter) {
        asserter.assertThat(() -> pool.withTransaction(conn -> ConversationRollups.merge(conn, Map.of())),
                seqs -> assertThat(seqs).isEmpty());
    }
}
