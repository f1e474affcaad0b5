package io.apilogs.query.persistence.read;

import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.query.persistence.write.EventWriter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A timeline read touches the partitions of the months its conversation spans, not every month kept: with many
 * months of partitions (an old install, or once a partition flood), reading every one of them made a timeline take
 * seconds and eight at once ran PostgreSQL out of lock memory (issue 22, finding 2).
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class TimelinePruningTest {
    @Inject
    EventWriter writer;
    @Inject
    TimelineReads timeline;
    @Inject
    Pool pool;

    @Test
    void aOneDayConversationReadsOneMonthOfEachTable() {
        String ws = "ws_pruning";
        List<Event> events = new ArrayList<>();
        // Other conversations fill six months with partitions.
        for (int month = 1; month <= 6; month++) {
            events.add(tool(ws, "other-" + UUID.randomUUID(), Instant.parse("2025-0" + month + "-10T00:00:00Z")));
        }
        String conv = "one-day-" + UUID.randomUUID();
        events.add(tool(ws, conv, Instant.parse("2025-03-10T10:00:00Z")));
        events.add(tool(ws, conv, Instant.parse("2025-03-10T11:00:00Z")));
        writer.write(events).await().atMost(Duration.ofSeconds(30));

        TimelineReads.Slice page = timeline.page(ws, conv, 100, null, null).await().atMost(Duration.ofSeconds(10));
        assertThat(page.items()).hasSize(2);

        OffsetDateTime from = OffsetDateTime.of(2025, 3, 10, 10, 0, 0, 0, ZoneOffset.UTC);
        String plan = explain("select * from (" + TimelineItems.UNION_WITHIN + ") items order by started_at, seq limit 100",
                Tuple.of(ws, conv, from, from.plusHours(1)));
        TreeSet<String> months = new TreeSet<>();
        Matcher m = Pattern.compile("(llm_calls|tool_executions|http_requests)_(\\d{4}_\\d{2})").matcher(plan);
        while (m.find()) {
            months.add(m.group(2));
        }
        assertThat(months).as(plan).containsExactly("2025_03");
        String unbounded = explain("select * from (" + TimelineItems.UNION + ") items order by started_at, seq limit 100",
                Tuple.of(ws, conv));
        assertThat(unbounded).as("without the span every month is read").contains("tool_executions_2025_01").contains("tool_executions_2025_06");
    }

    private String explain(String sql, Tuple params) {
        StringBuilder plan = new StringBuilder();
        for (Row row : pool.preparedQuery("explain " + sql).execute(params).await().atMost(Duration.ofSeconds(10))) {
            plan.append(row.getString(0)).append('\n');
        }
        return plan.toString();
    }

    private static Event tool(String ws, String conv, Instant at) {
        String id = "p-" + UUID.randomUUID();
        return new ToolExecutionEvent(ws, id, new ConversationRef(conv, null), new AssistantRef("a", null), at, 10L, "call-" + id,
                null, "search", null, null, null);
    }
}
