package io.apilogs.query.persistence.write;

import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.Json;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.ToolExecutionEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Bodies read from a record as slices and sent as UTF-8 bytes are stored as the canonical text. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class RawJsonStoreTest {
    @Inject
    EventWriter writer;

    @Inject
    Pool pool;

    private final WriterFixture f = new WriterFixture();

    private static Event viaRecord(Event event) throws Exception {
        return RawJson.read(Json.CANONICAL.writeValueAsBytes(event));
    }

    private static String canonical(Object value) throws Exception {
        return new String(Json.CANONICAL.writeValueAsBytes(value), StandardCharsets.UTF_8);
    }

    private io.smallrye.mutiny.Uni<Row> only(String sql) {
        return pool.preparedQuery(sql + " where workspace_id = $1").execute(Tuple.of(f.workspaceId)).map(rows -> rows.iterator().next());
    }

    @Test
    @RunOnVertxContext
    void everyBodyColumnHoldsTheCanonicalText(UniAsserter asserter) throws Exception {
        LlmCallEvent call = f.call("e1", "c1", "conv", WriterFixture.T0);
        ToolExecutionEvent tool = f.tool("e2", "conv", WriterFixture.T0.plusSeconds(1));
        HttpRequestEvent http = f.http("e3", "conv", WriterFixture.T0.plusSeconds(2));
        List<Event> read = List.of(viaRecord(call), viaRecord(tool), viaRecord(http));
        assertThat(RawJson.of(((LlmCallEvent) read.get(0)).messages())).isNotNull();

        asserter.assertThat(() -> writer.write(read), outcome -> assertThat(outcome.stored()).isEqualTo(3));
        String messages = canonical(call.messages());
        String toolCalls = canonical(call.response().toolCalls());
        String rateLimit = canonical(call.rateLimit());
        asserter.assertThat(() -> only("select messages, response_text, thinking, tool_calls, rate_limit, attributes from llm_call_bodies"),
                bodies -> {
                    assertThat(bodies.getString("messages")).isEqualTo(messages);
                    assertThat(bodies.getString("response_text")).isEqualTo("Hello");
                    assertThat(bodies.getString("thinking")).isEqualTo("thinking it over");
                    assertThat(bodies.getString("tool_calls")).isEqualTo(toolCalls);
                    assertThat(bodies.getString("rate_limit")).isEqualTo(rateLimit);
                    assertThat(bodies.getString("attributes")).isNull();
                });
        asserter.assertThat(() -> only("select input, result from tool_execution_bodies"), bodies -> {
            assertThat(bodies.getString("input")).isEqualTo("{\"q\":\"x\"}");
            assertThat(bodies.getString("result")).isEqualTo("\"3 results\"");
        });
        asserter.assertThat(() -> only("select request_headers, response_headers, request_body, response_body from http_request_bodies"),
                bodies -> {
                    assertThat(bodies.getString("request_headers")).isEqualTo("{\"accept\":\"application/json\"}");
                    assertThat(bodies.getString("request_body")).isNull();
                    assertThat(bodies.getString("response_body")).isEqualTo("{\"error\":\"busy\"}");
                });
    }
}
