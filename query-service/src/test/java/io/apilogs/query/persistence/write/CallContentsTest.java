package io.apilogs.query.persistence.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.CallContentEvent;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.LlmResponse;
import io.apilogs.model.event.ToolCall;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23, deliverable 2: content sent as OTLP log records joins its call whether it comes before the call's span,
 * after it, or in the same batch, in one piece or several; and it is stored once.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class CallContentsTest {
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String BODY = """
            select c.tool_calls::text as summary, c.prompt_sha256, c.input_tokens, b.messages, b.response_text, b.tool_calls
            from llm_calls c join llm_call_bodies b on b.workspace_id = c.workspace_id and b.call_id = c.call_id
                and b.started_at = c.started_at
            where c.workspace_id = $1 and c.event_id = $2""";

    @Inject
    EventWriter writer;

    @Inject
    Pool pool;

    private final WriterFixture f = new WriterFixture();
    private final Instant at = WriterFixture.T0;

    private String callEventId(int span) {
        return "otel-" + TRACE + "-00000000000000" + String.format("%02d", span);
    }

    /** A chat span as the OTel JS instrumentation sends it: model and tokens, no content. */
    private LlmCallEvent bareCall(int span) {
        return new LlmCallEvent(f.workspaceId, callEventId(span), new ConversationRef("conv", null), new AssistantRef("bot", null), at,
                900L, "chatcmpl-" + span, "openai", "gpt-4o", null, null, null, "tool_calls",
                new Usage(1200L, 40L, null, null, null, null), null, null, null);
    }

    private CallContentEvent userMessage(int span, String logId) {
        JsonNode messages = JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode()
                .put("role", "user").put("content", "What's the weather in Lyon?"));
        return new CallContentEvent(f.workspaceId, callEventId(span) + "-log-" + logId, new ConversationRef("trace-" + TRACE, null),
                new AssistantRef("bot", null), at, null, callEventId(span), "You are a weather assistant.", messages, null);
    }

    private CallContentEvent choice(int span) {
        return new CallContentEvent(f.workspaceId, callEventId(span) + "-log-choice", new ConversationRef("trace-" + TRACE, null),
                new AssistantRef("bot", null), at.plusMillis(900), null, callEventId(span), null, null,
                new LlmResponse(null, null, List.of(new ToolCall("call_weather_1", "get_weather",
                        JsonNodeFactory.instance.objectNode().put("city", "Lyon")))));
    }

    private void assertWhole(UniAsserter asserter, int span) {
        asserter.assertThat(() -> pool.preparedQuery(BODY).execute(Tuple.of(f.workspaceId, callEventId(span))), rows -> {
            assertThat(rows.size()).isEqualTo(1);
            Row row = rows.iterator().next();
            assertThat(row.getString("messages")).contains("What's the weather in Lyon?");
            assertThat(row.getString("tool_calls")).contains("call_weather_1").contains("Lyon");
            assertThat(row.getString("summary")).contains("get_weather");
            assertThat(row.getString("prompt_sha256")).isNotNull();
            assertThat(row.getLong("input_tokens")).isEqualTo(1200L);
        });
    }

    @Test
    @RunOnVertxContext
    void contentBeforeItsCallWaitsAndIsTakenWhenTheCallComes(UniAsserter asserter) {
        asserter.execute(() -> writer.write(List.of(userMessage(1, "a"))).replaceWithVoid());
        asserter.execute(() -> writer.write(List.of(choice(1))).replaceWithVoid());
        asserter.assertThat(() -> pool.preparedQuery("select count(*) from pending_contents where workspace_id = $1")
                .execute(Tuple.of(f.workspaceId)), rows -> assertThat(rows.iterator().next().getLong(0)).isEqualTo(2L));
        asserter.execute(() -> writer.write(List.of(bareCall(1))).replaceWithVoid());
        assertWhole(asserter, 1);
        asserter.assertThat(() -> pool.preparedQuery("select count(*) from pending_contents where workspace_id = $1")
                .execute(Tuple.of(f.workspaceId)), rows -> assertThat(rows.iterator().next().getLong(0)).isZero());
        asserter.assertThat(() -> pool.preparedQuery("select call_count, last_seq from conversations where workspace_id = $1")
                .execute(Tuple.of(f.workspaceId)), rows -> {
            assertThat(rows.size()).as("content makes no conversation of its own").isEqualTo(1);
            assertThat(rows.iterator().next().getLong("call_count")).isEqualTo(1L);
            assertThat(rows.iterator().next().getLong("last_seq")).as("content is no timeline item").isEqualTo(1L);
        });
    }

    @Test
    @RunOnVertxContext
    void contentAfterItsCallFillsTheStoredCallOnceAndInTheSameBatchBeforeItIsStored(UniAsserter asserter) {
        asserter.execute(() -> writer.write(List.of(bareCall(2))).replaceWithVoid());
        asserter.execute(() -> writer.write(List.of(userMessage(2, "a"), choice(2))).replaceWithVoid());
        // A redelivery of the same content changes nothing: the messages are not appended twice.
        asserter.execute(() -> writer.write(List.of(userMessage(2, "a"))).replaceWithVoid());
        assertWhole(asserter, 2);
        asserter.assertThat(() -> pool.preparedQuery(BODY).execute(Tuple.of(f.workspaceId, callEventId(2))),
                rows -> assertThat(rows.iterator().next().getString("messages").split("Lyon", -1)).hasSize(2));
        asserter.assertThat(() -> pool.preparedQuery("select count(*) from prompts where workspace_id = $1")
                .execute(Tuple.of(f.workspaceId)), rows -> assertThat(rows.iterator().next().getLong(0)).isEqualTo(1L));

        asserter.execute(() -> writer.write(List.of(choice(3), bareCall(3), userMessage(3, "a"))).replaceWithVoid());
        assertWhole(asserter, 3);
    }
}
