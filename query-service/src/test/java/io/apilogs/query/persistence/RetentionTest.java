package io.apilogs.query.persistence;

import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.Hashing;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.model.event.Usage;
import io.apilogs.query.persistence.write.EventWriter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention on the real database with data spanning months (2019, which no other test writes): whole months before the
 * boundary go, partitions and the rows that belong to them in the other tables, in bounded batches; later months stay.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class RetentionTest {
    private static final Instant OCT = Instant.parse("2019-10-15T10:00:00Z");
    private static final Instant NOV = Instant.parse("2019-11-20T10:00:00Z");
    private static final Instant DEC = Instant.parse("2019-12-10T10:00:00Z");

    @Inject
    EventWriter writer;

    @Inject
    Retention retention;

    @Inject
    Pool pool;

    private final String ws = "ws_retention_" + UUID.randomUUID();

    private LlmCallEvent call(String id, String conversation, Instant at, String prompt) {
        return new LlmCallEvent(ws, id, new ConversationRef(conversation, "About " + conversation), new AssistantRef("bot", null), at,
                100L, null, "openai", "gpt-4o", prompt, null, null, "stop", new Usage(10L, 5L, null, null, null, null), null, null, null);
    }

    private ToolExecutionEvent tool(String id, String conversation, Instant at) {
        return new ToolExecutionEvent(ws, id, new ConversationRef(conversation, null), new AssistantRef("bot", null), at, 40L,
                "toolu_" + id, null, "search", null, null, null);
    }

    private HttpRequestEvent http(String id, String conversation, Instant at) {
        return new HttpRequestEvent(ws, id, new ConversationRef(conversation, null), new AssistantRef("bot", null), at, 25L,
                "search-plugin", null, "GET", "https://search.example/q", 200, Map.of(), Map.of(), null, null, 0L, 0L, null);
    }

    private List<String> column(String sql) {
        List<String> values = new ArrayList<>();
        for (Row row : pool.preparedQuery(sql).execute(Tuple.of(ws)).await().indefinitely()) {
            values.add(String.valueOf(row.getValue(0)));
        }
        return values;
    }

    private TreeSet<String> partitionsOf2019() {
        return partitionsOf(2019);
    }

    private TreeSet<String> partitionsOf(int year) {
        TreeSet<String> names = new TreeSet<>();
        for (Row row : pool.preparedQuery("select relname from pg_class where relname ~ ('_' || $1 || '_[0-9]{2}$') and relkind = 'r'")
                .execute(Tuple.of(Integer.toString(year))).await().indefinitely()) {
            names.add(row.getString(0));
        }
        return names;
    }

    @Test
    void monthsBeforeTheBoundaryGoWholeAndLaterOnesStay() {
        List<Event> events = new ArrayList<>();
        // October: conversation "old" only, with prompt P1. November: "spans" starts (P1 and P2). December: "spans" goes on (P2), "new" starts.
        for (int i = 0; i < 5; i++) {
            events.add(call("oct-" + i, "old", OCT.plusSeconds(i), "P1"));
        }
        events.add(tool("oct-tool", "old", OCT.plusSeconds(9)));
        events.add(http("oct-http", "old", OCT.plusSeconds(10)));
        events.add(call("nov-1", "spans", NOV, "P1"));
        events.add(call("nov-2", "spans", NOV.plusSeconds(1), "P2"));
        events.add(call("dec-1", "spans", DEC, "P2"));
        events.add(call("dec-2", "new", DEC.plusSeconds(1), null));
        events.add(tool("dec-tool", "new", DEC.plusSeconds(2)));
        writer.write(events).await().indefinitely();
        assertThat(partitionsOf2019()).contains("llm_calls_2019_10", "llm_calls_2019_11", "llm_calls_2019_12", "http_request_bodies_2019_10");

        // 45 days before 2020-01-20 is 2019-12-06: December is kept whole, October and November go.
        Instant boundary = Retention.boundary(Instant.parse("2020-01-20T00:00:00Z"), 45);
        assertThat(boundary).isEqualTo(Instant.parse("2019-12-01T00:00:00Z"));
        Retention.Report report = retention.removeBefore(boundary, 2).await().indefinitely();

        assertThat(report.ran()).isTrue();
        assertThat(report.droppedPartitions()).hasSize(12)
                .contains("llm_calls_2019_10", "llm_call_bodies_2019_11", "tool_executions_2019_10", "http_request_bodies_2019_11");
        assertThat(partitionsOf2019()).doesNotContain("llm_calls_2019_10", "llm_calls_2019_11", "tool_execution_bodies_2019_10")
                .contains("llm_calls_2019_12", "llm_call_bodies_2019_12", "tool_executions_2019_12", "http_requests_2019_12");
        // 9 events before December: more than a batch of 2, so the deletes ran in several statements.
        assertThat(report.deletedRows().get("processed_events")).isGreaterThanOrEqualTo(9);

        assertThat(column("select event_id from processed_events where workspace_id = $1 order by event_id"))
                .containsExactly("dec-1", "dec-2", "dec-tool");
        assertThat(column("select call_id from call_keys where workspace_id = $1 order by call_id")).containsExactly("dec-1", "dec-2");
        assertThat(column("select event_id from llm_calls where workspace_id = $1 order by event_id")).containsExactly("dec-1", "dec-2");
        assertThat(column("select distinct to_char(hour at time zone 'UTC', 'YYYY-MM') from usage_hourly_model where workspace_id = $1"))
                .containsExactly("2019-12");
        assertThat(column("select distinct to_char(hour at time zone 'UTC', 'YYYY-MM') from usage_hourly_assistant where workspace_id = $1"))
                .containsExactly("2019-12");
        assertThat(column("select conversation_id from conversations where workspace_id = $1 order by 1")).containsExactly("new", "spans");
        assertThat(column("select sha256 from prompts where workspace_id = $1")).containsExactly(Hashing.sha256Hex("P2"));

        Retention.Report again = retention.removeBefore(boundary, 2).await().indefinitely();
        assertThat(again.droppedPartitions()).isEmpty();
        assertThat(again.deletedRows().values()).allMatch(n -> n == 0);
    }

    @Test
    void thisMonthAndNextAreCreatedAhead() {
        // A year no other test writes, after the other test's boundary (so its drop count is not disturbed).
        retention.createAhead(Instant.parse("2021-06-30T23:00:00Z")).await().indefinitely();
        assertThat(partitionsOf(2021)).contains("llm_calls_2021_06", "llm_calls_2021_07", "http_request_bodies_2021_07")
                .doesNotContain("llm_calls_2021_08");
    }

    @Test
    void theBoundaryIsTheStartOfTheMonthThatHoldsTheCutoff() {
        assertThat(Retention.boundary(Instant.parse("2026-03-01T00:00:00Z"), 1)).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(Retention.boundary(Instant.parse("2026-03-02T00:00:00Z"), 1)).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(Retention.boundary(Instant.parse("2026-03-15T12:00:00Z"), 365)).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
    }
}
