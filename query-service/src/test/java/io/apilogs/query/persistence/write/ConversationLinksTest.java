package io.apilogs.query.persistence.write;

import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationEvent;
import io.apilogs.model.event.ConversationRef;
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

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23, deliverable 4: OpenTelemetry calls stored in their trace's stand-in conversation move to the conversation
 * a later export names, with roll-ups and seq right, and the trace's later calls follow them.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ConversationLinksTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String STAND_IN = "trace-" + TRACE;
    private static final String ITEMS = """
            select conversation_id, seq, event_id from llm_calls where workspace_id = $1
            union all select conversation_id, seq, event_id from tool_executions where workspace_id = $1
            order by seq""";
    private static final String ROLLUP = """
            select conversation_id, call_count, tool_count, input_tokens, cache_read_tokens, last_seq, models, tools, assistant_id
            from conversations where workspace_id = $1 order by conversation_id""";

    @Inject
    EventWriter writer;

    @Inject
    Pool pool;

    private final WriterFixture f = new WriterFixture();

    private String span(int n) {
        return "otel-" + TRACE + "-00000000000000" + String.format("%02d", n);
    }

    private ConversationEvent link(String conversation) {
        return link(conversation, 9);
    }

    /** What ingest sends for a span of the trace that names its conversation. */
    private ConversationEvent link(String conversation, int span) {
        return new ConversationEvent(f.workspaceId, span(span) + "-link", new ConversationRef(conversation, null),
                new AssistantRef("weather-bot", null), WriterFixture.T0.minusSeconds(1), null).absorbing(STAND_IN);
    }

    @Test
    @RunOnVertxContext
    void standInItemsMoveAfterTheConversationsOwnAndLaterOnesFollow(UniAsserter asserter) {
        // The conversation already has a call of an earlier turn; this turn's call and tool wait in the stand-in.
        asserter.execute(() -> writer.write(List.of(f.call("earlier", "c0", "conv-1", WriterFixture.T0.minusSeconds(60)))).replaceWithVoid());
        asserter.execute(() -> writer.write(List.of(f.call(span(1), "c1", STAND_IN, WriterFixture.T0),
                f.tool(span(2), STAND_IN, WriterFixture.T0.plusSeconds(2)))).replaceWithVoid());
        // The parent span arrives: the link moves them; the same link again (a redelivery) changes nothing.
        asserter.execute(() -> writer.write(List.of(link("conv-1"))).replaceWithVoid());
        asserter.execute(() -> writer.write(List.of(link("conv-1"))).replaceWithVoid());
        // A later call of the same trace, still without its conversation, goes straight there.
        asserter.execute(() -> writer.write(List.of(f.call(span(3), "c3", STAND_IN, WriterFixture.T0.plusSeconds(4)))).replaceWithVoid());

        asserter.assertThat(() -> pool.preparedQuery(ITEMS).execute(Tuple.of(f.workspaceId)), rows -> {
            List<String> items = new ArrayList<>();
            for (Row row : rows) {
                items.add(row.getString("conversation_id") + "#" + row.getLong("seq") + ":" + row.getString("event_id"));
            }
            assertThat(items).containsExactly("conv-1#1:earlier", "conv-1#2:" + span(1), "conv-1#3:" + span(2), "conv-1#4:" + span(3));
        });
        asserter.assertThat(() -> pool.preparedQuery(ROLLUP).execute(Tuple.of(f.workspaceId)), rows -> {
            assertThat(rows.size()).as("the stand-in's row is gone").isEqualTo(1);
            Row row = rows.iterator().next();
            assertThat(row.getString("conversation_id")).isEqualTo("conv-1");
            assertThat(row.getLong("call_count")).isEqualTo(3L);
            assertThat(row.getLong("tool_count")).isEqualTo(1L);
            assertThat(row.getLong("input_tokens")).isEqualTo(3000L);
            assertThat(row.getLong("cache_read_tokens")).isEqualTo(900L);
            assertThat(row.getLong("last_seq")).isEqualTo(4L);
            assertThat(row.getArrayOfStrings("models")).containsExactly("claude-haiku-4-5");
            assertThat(row.getArrayOfStrings("tools")).as("the stand-in's tool moves too").containsExactly("search");
        });
        asserter.assertThat(() -> pool.preparedQuery("select conversation_id from processed_events where workspace_id = $1 and event_id = $2")
                .execute(Tuple.of(f.workspaceId, span(1))), rows -> assertThat(rows.iterator().next().getString(0)).isEqualTo("conv-1"));
        asserter.assertThat(() -> pool.preparedQuery("select conversation_id from call_keys where workspace_id = $1 and call_id = 'c1'")
                .execute(Tuple.of(f.workspaceId)), rows -> assertThat(rows.iterator().next().getString(0)).isEqualTo("conv-1"));
    }

    @Test
    @RunOnVertxContext
    void aLinkThatArrivesFirstSendsTheStandInsItemsThereAndTheFirstLinkWins(UniAsserter asserter) {
        List<Event> batch = List.of(link("conv-a"), f.call(span(1), "c1", STAND_IN, WriterFixture.T0));
        asserter.execute(() -> writer.write(batch).replaceWithVoid());
        asserter.execute(() -> writer.write(List.of(link("conv-b", 8))).replaceWithVoid());
        asserter.execute(() -> writer.write(List.of(f.call(span(2), "c2", STAND_IN, WriterFixture.T0.plusSeconds(1)))).replaceWithVoid());
        asserter.assertThat(() -> pool.preparedQuery(ROLLUP).execute(Tuple.of(f.workspaceId)), rows -> {
            List<String> conversations = new ArrayList<>();
            for (Row row : rows) {
                conversations.add(row.getString("conversation_id") + ":" + row.getLong("call_count"));
            }
            // conv-b's link came second: its metadata event makes the (empty) row, and the calls stay with conv-a.
            assertThat(conversations).containsExactly("conv-a:2", "conv-b:0");
        });
    }
}
