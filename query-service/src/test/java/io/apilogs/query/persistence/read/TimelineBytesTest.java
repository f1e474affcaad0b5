package io.apilogs.query.persistence.read;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.query.persistence.write.EventWriter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timeline pages and live catch-up reads are bounded in bytes as well as in items: items with huge error messages
 * come a few to a page, and paging still returns every item once, in order.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class TimelineBytesTest {
    @TestHTTPResource("/")
    URL baseUrl;
    @Inject
    EventWriter writer;
    @Inject
    TimelineReads timeline;

    @Test
    void pagesOfHugeItemsAreCutByBytesAndPagingReturnsEveryItemOnce() {
        AdminClient.Workspace ws = new AdminClient(baseUrl.toString().replaceAll("/$", ""), LocalStackTestResource.ADMIN_TOKEN)
                .createWorkspace("timeline-bytes");
        String conv = "huge-" + UUID.randomUUID();
        List<Event> events = new ArrayList<>();
        String message = "x".repeat(600_000);
        for (int i = 0; i < 10; i++) {
            events.add(new ToolExecutionEvent(ws.id(), "t" + i, new ConversationRef(conv, null), new AssistantRef("a", null),
                    Instant.parse("2026-11-25T10:00:00Z").plusSeconds(i), 10L, "call-" + i, null, "search", null, null,
                    new ErrorInfo("tool_error", message, null)));
        }
        writer.write(events).await().atMost(Duration.ofSeconds(60));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().header("Authorization", "Bearer " + ws.readKey()).queryParam("limit", 100);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/v1/conversations/" + conv + "/timeline").then().statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("items.id");
            // 2 MiB a page: four items of ~600 KB (the fourth starts below the bound), never all ten.
            assertThat(ids).hasSizeBetween(1, 4);
            seen.addAll(ids);
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(seen).containsExactly("t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9");
        assertThat(pages).isEqualTo(3);

        TimelineReads.After first = timeline.after(ws.id(), conv, 0, 500).await().atMost(Duration.ofSeconds(10));
        assertThat(first.items()).hasSize(4);
        assertThat(first.more()).as("cut by bytes, not by count: more follow").isTrue();
        TimelineReads.After last = timeline.after(ws.id(), conv, 8, 500).await().atMost(Duration.ofSeconds(10));
        assertThat(last.items()).extracting(item -> item.id()).containsExactly("t8", "t9");
        assertThat(last.more()).isFalse();
    }
}
