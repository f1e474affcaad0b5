package io.apilogs.query.persistence.write;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.LlmResponse;
import io.apilogs.model.event.ToolCall;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.model.event.Usage;
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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 23: tool runs sent without a tool-call id (OpenLLMetry's tool spans) answer the call that asked for them. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ToolCallLinksTest {
    @Inject
    EventWriter writer;

    @Inject
    Pool pool;

    private final WriterFixture f = new WriterFixture();

    private LlmCallEvent asking(String eventId, String callId, Instant at, String... toolCallIds) {
        List<ToolCall> calls = new ArrayList<>();
        for (String id : toolCallIds) {
            calls.add(new ToolCall(id, "get_weather", JsonNodeFactory.instance.objectNode().put("city", id)));
        }
        return new LlmCallEvent(f.workspaceId, eventId, new ConversationRef("conv", null), new AssistantRef("bot", null), at, 100L, callId,
                "openai", "gpt-4o", null, null, new LlmResponse(null, null, calls), "tool_calls", new Usage(10L, 5L, null, null, null, null),
                null, null, null);
    }

    private ToolExecutionEvent run(String spanId, Instant at) {
        return new ToolExecutionEvent(f.workspaceId, "otel-trace-" + spanId, new ConversationRef("conv", null), new AssistantRef("bot", null),
                at, 5L, "otel-" + spanId, null, "get_weather", null, null, null);
    }

    @Test
    @RunOnVertxContext
    void runsTakeTheUnansweredToolCallsOfTheLatestCallThatAskedForThem(UniAsserter asserter) {
        Instant t0 = WriterFixture.T0;
        asserter.execute(() -> writer.write(List.of(asking("e-old", "chat-old", t0, "call_old"))).replaceWithVoid());
        asserter.execute(() -> writer.write(List.of(asking("e-1", "chat-1", t0.plusSeconds(10), "call_a", "call_b"))).replaceWithVoid());
        // Two runs in separate exports, then a third no call asked for (call_old is older than the latest asking call).
        asserter.execute(() -> writer.write(List.of(run("s1", t0.plusSeconds(11)))).replaceWithVoid());
        asserter.execute(() -> writer.write(List.of(run("s2", t0.plusSeconds(12)))).replaceWithVoid());
        asserter.execute(() -> writer.write(List.of(run("s3", t0.plusSeconds(13)))).replaceWithVoid());
        // In one batch with the call that asked.
        asserter.execute(() -> writer.write(List.of(asking("e-2", "chat-2", t0.plusSeconds(20), "call_c"), run("s4", t0.plusSeconds(21))))
                .replaceWithVoid());
        // The run stored before the call that asked for it (its export arrived first): the call, stored later, takes it.
        asserter.execute(() -> writer.write(List.of(run("s5", t0.plusSeconds(31)))).replaceWithVoid());
        asserter.execute(() -> writer.write(List.of(asking("otel-e-3", "chat-3", t0.plusSeconds(30), "call_d"))).replaceWithVoid());
        asserter.assertThat(() -> pool.preparedQuery("select event_id, tool_call_id, call_id from tool_executions where workspace_id = $1"
                + " order by started_at").execute(Tuple.of(f.workspaceId)), rows -> {
            List<String> links = new ArrayList<>();
            for (Row row : rows) {
                links.add(row.getString("event_id") + ">" + row.getString("tool_call_id") + "@" + row.getString("call_id"));
            }
            assertThat(links).containsExactly("otel-trace-s1>call_a@chat-1", "otel-trace-s2>call_b@chat-1", "otel-trace-s3>otel-s3@null",
                    "otel-trace-s4>call_c@chat-2", "otel-trace-s5>call_d@chat-3");
        });
    }
}
