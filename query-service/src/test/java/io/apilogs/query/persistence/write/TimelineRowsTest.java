package io.apilogs.query.persistence.write;

import io.apilogs.localstack.LocalStackTestResource;
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

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The inserters of calls, tool executions and HTTP requests (hot rows and bodies) on the real database. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class TimelineRowsTest {
    @Inject
    Pool pool;

    @Inject
    Partitions partitions;

    private final WriterFixture f = new WriterFixture();

    @Test
    @RunOnVertxContext
    void eachKindStoresItsHotRowAndItsBodies(UniAsserter asserter) {
        LlmCallEvent call = f.call("e1", "call-1", "conv", WriterFixture.T0);
        ToolExecutionEvent tool = f.tool("e2", "conv", WriterFixture.T0.plusSeconds(2));
        HttpRequestEvent http = f.http("e3", "conv", WriterFixture.T0.plusSeconds(3));
        BatchPlan plan = WriterFixture.plan(List.of(call, tool, http));
        Map<Event, Long> seqs = Map.of(call, 7L, tool, 8L, http, 9L);
        asserter.execute(() -> partitions.ensure(plan.accepted));
        asserter.execute(() -> pool.withTransaction(conn -> io.smallrye.mutiny.Uni.join().all(
                CallRows.insert(conn, plan, seqs), ToolRows.insert(conn, plan.tools, seqs), HttpRows.insert(conn, plan.https, seqs))
                .andFailFast()));
        asserter.assertThat(() -> pool.preparedQuery("""
                select c.seq, c.model, c.input_tokens, c.cost_usd, c.price_source, c.tool_calls::text, c.prompt_sha256,
                       b.messages, b.response_text, b.thinking, b.rate_limit
                from llm_calls c join llm_call_bodies b using (workspace_id, call_id, started_at)
                where c.workspace_id = $1""").execute(Tuple.of(f.workspaceId)), rows -> {
            assertThat(rows.size()).isEqualTo(1);
            Row row = rows.iterator().next();
            assertThat(row.getLong("seq")).isEqualTo(7L);
            assertThat(row.getString("model")).isEqualTo("claude-haiku-4-5");
            assertThat(row.getBigDecimal("cost_usd")).isEqualByComparingTo(plan.costs.get(call).total());
            assertThat(row.getString("tool_calls")).as("ids and names only").isEqualTo("[{\"id\": \"toolu_1\", \"name\": \"search\"}]");
            assertThat(row.getString("prompt_sha256")).isEqualTo(plan.promptHashes.get(call));
            assertThat(row.getString("messages")).isEqualTo("[{\"role\":\"user\",\"content\":\"Hi\"}]");
            assertThat(row.getString("response_text")).isEqualTo("Hello");
            assertThat(row.getString("thinking")).isEqualTo("thinking it over");
            assertThat(row.getString("rate_limit")).contains("anthropic-ratelimit-requests-remaining");
        });
        asserter.assertThat(() -> pool.preparedQuery("""
                select t.seq, t.tool_name, t.call_id, b.input, b.result
                from tool_executions t join tool_execution_bodies b using (workspace_id, event_id, started_at)
                where t.workspace_id = $1""").execute(Tuple.of(f.workspaceId)), rows -> {
            Row row = rows.iterator().next();
            assertThat(row.getLong("seq")).isEqualTo(8L);
            assertThat(row.getString("tool_name")).isEqualTo("search");
            assertThat(row.getString("call_id")).isEqualTo("call-1");
            assertThat(row.getString("input")).isEqualTo("{\"q\":\"x\"}");
            assertThat(row.getString("result")).isEqualTo("\"3 results\"");
        });
        asserter.assertThat(() -> pool.preparedQuery("""
                select h.seq, h.status_code, h.error::text, h.response_body_bytes, b.response_headers, b.response_body
                from http_requests h join http_request_bodies b using (workspace_id, event_id, started_at)
                where h.workspace_id = $1""").execute(Tuple.of(f.workspaceId)), rows -> {
            Row row = rows.iterator().next();
            assertThat(row.getLong("seq")).isEqualTo(9L);
            assertThat(row.getInteger("status_code")).isEqualTo(503);
            assertThat(row.getString("error")).contains("http_error");
            assertThat(row.getLong("response_body_bytes")).isEqualTo(15L);
            assertThat(row.getString("response_headers")).isEqualTo("{\"retry-after\":\"1\"}");
            assertThat(row.getString("response_body")).isEqualTo("{\"error\":\"busy\"}");
        });
    }
}
