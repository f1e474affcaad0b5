package io.apilogs.query.persistence.write;

import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.LlmResponse;
import io.apilogs.model.event.Usage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The orchestrator: one transaction per batch, whichever of its pipelined statements fails. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class EventWriterTest {
    @Inject
    EventWriter writer;

    @Inject
    Pool pool;

    private final WriterFixture f = new WriterFixture();

    @Test
    @RunOnVertxContext
    void aValueRefusedByALaterPipelinedStatementFailsWithItsOwnSqlStateAndLeavesNothing(UniAsserter asserter) {
        Event good = f.call("e1", "c1", "conv", WriterFixture.T0);
        // PostgreSQL refuses NUL in text: only the bodies insert, sent after several others, fails (22021).
        LlmCallEvent poisoned = new LlmCallEvent(f.workspaceId, "e2", new ConversationRef("conv", null), new AssistantRef("a", null),
                WriterFixture.T0.plusSeconds(1), 10L, "c2", "openai", "gpt-4o", null, null,
                new LlmResponse("bad \u0000 text", null, List.of()), "stop", new Usage(1L, 1L, null, null, null, null), null, null, null);
        asserter.assertFailedWith(() -> writer.write(List.of(good, poisoned)), failure -> {
            assertThat(failure).isInstanceOf(PgException.class);
            assertThat(((PgException) failure).getSqlState()).startsWith("22");
        });
        for (String table : List.of("processed_events", "call_keys", "conversations", "llm_calls", "usage_hourly_model", "prompts", "assistants")) {
            asserter.assertThat(() -> pool.preparedQuery("select count(*) from " + table + " where workspace_id = $1")
                    .execute(Tuple.of(f.workspaceId)), rows -> assertThat(rows.iterator().next().getLong(0)).as(table).isZero());
        }
        asserter.assertThat(() -> writer.write(List.of(good)), outcome -> assertThat(outcome.stored()).isEqualTo(1));
    }
}
