package io.apilogs.query.persistence.read;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.model.event.Usage;
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
 * A first timeline page lists where every later page of its limit starts (pageCursors, beyond API.md), so a client
 * can fetch them at once: those pages together are the timeline, each item once, in order.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class TimelineStridesTest {
    @TestHTTPResource("/")
    URL baseUrl;
    @Inject
    EventWriter writer;

    private static JsonPath page(AdminClient.Workspace ws, String conv, int limit, String cursor) {
        var request = given().header("Authorization", "Bearer " + ws.readKey()).queryParam("limit", limit);
        if (cursor != null) {
            request.queryParam("cursor", cursor);
        }
        return request.get("/v1/conversations/" + conv + "/timeline").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theFirstPageListsEveryLaterPagesStartAndThosePagesAreTheWholeTimelineOnce() {
        AdminClient.Workspace ws = new AdminClient(baseUrl.toString().replaceAll("/$", ""), LocalStackTestResource.ADMIN_TOKEN)
                .createWorkspace("timeline-strides");
        String conv = "strides-" + UUID.randomUUID();
        Instant at = Instant.parse("2026-11-25T10:00:00Z");
        List<Event> events = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 1050; i++) {
            // Some items share a startedAt: seq breaks the tie, and strides must too.
            Instant started = at.plusSeconds(i / 3);
            if (i % 5 == 0) {
                events.add(new ToolExecutionEvent(ws.id(), "t" + i, new ConversationRef(conv, null), new AssistantRef("a", null),
                        started, 10L, "tc" + i, null, "search", null, null, null));
                expected.add("t" + i);
            } else {
                events.add(new LlmCallEvent(ws.id(), "c" + i, new ConversationRef(conv, "strides"), new AssistantRef("a", null), started,
                        100L, null, "anthropic", "claude-haiku-4-5", null, null, null, "end_turn", new Usage(1L, 1L, null, null, null, null),
                        null, null, null));
                expected.add("c" + i);
            }
        }
        writer.write(events).await().atMost(Duration.ofSeconds(60));

        JsonPath first = page(ws, conv, 200, null);
        List<String> cursors = first.getList("pageCursors");
        // Pages start after items 200, 400, 600, 800 and 1000; none after the last item.
        assertThat(cursors).hasSize(5);
        assertThat(cursors.get(0)).isEqualTo(first.getString("nextCursor"));
        List<String> seen = new ArrayList<>(first.getList("items.id"));
        for (int i = 0; i < cursors.size(); i++) {
            JsonPath next = page(ws, conv, 200, cursors.get(i));
            assertThat(next.getList("items")).hasSize(i < 4 ? 200 : 50);
            assertThat(next.getString("pageCursors")).as("only a first page lists them").isNull();
            seen.addAll(next.getList("items.id"));
        }
        assertThat(seen).containsExactlyElementsOf(expected);

        // ?item= names the page that holds an item, at every page's edges (ties on startedAt included) and inside.
        List<List<String>> pages = new ArrayList<>();
        for (int p = 0; p <= cursors.size(); p++) {
            pages.add(seen.subList(p * 200, Math.min(seen.size(), (p + 1) * 200)));
        }
        for (int index : new int[] {0, 1, 199, 200, 201, 399, 400, 537, 999, 1000, 1049}) {
            String id = expected.get(index);
            String kind = id.startsWith("t") ? "tool_execution" : "llm_call";
            JsonPath named = given().header("Authorization", "Bearer " + ws.readKey()).queryParam("limit", 200).queryParam("item", kind + ":" + id)
                    .get("/v1/conversations/" + conv + "/timeline").then().statusCode(200).extract().jsonPath();
            int itemPage = named.getInt("itemPage");
            assertThat(itemPage).as("item %d", index).isEqualTo(index / 200);
            List<String> held = itemPage == 0 ? named.getList("items.id") : page(ws, conv, 200, cursors.get(itemPage - 1)).getList("items.id");
            assertThat(held).as("the page named holds item %d", index).contains(id);
        }
        // Past the last of the 100 page starts a first page lists, the page is not known: no itemPage (the whole timeline is read).
        for (int[] linked : new int[][] {{50, 50}, {99, 99}, {500, -1}}) {
            String id = expected.get(linked[0]);
            JsonPath named = given().header("Authorization", "Bearer " + ws.readKey()).queryParam("limit", 1)
                    .queryParam("item", (id.startsWith("t") ? "tool_execution:" : "llm_call:") + id)
                    .get("/v1/conversations/" + conv + "/timeline").then().statusCode(200).extract().jsonPath();
            assertThat(named.getList("pageCursors")).hasSize(100);
            assertThat(named.getString("itemPage")).as("item %d at limit 1", linked[0]).isEqualTo(linked[1] < 0 ? null : String.valueOf(linked[1]));
        }
        JsonPath unknown = given().header("Authorization", "Bearer " + ws.readKey()).queryParam("limit", 200).queryParam("item", "llm_call:nope")
                .get("/v1/conversations/" + conv + "/timeline").then().statusCode(200).extract().jsonPath();
        assertThat(unknown.getString("itemPage")).as("an item not in the conversation").isNull();
        assertThat(unknown.getList("pageCursors")).hasSize(5);
        JsonPath wrongKind = given().header("Authorization", "Bearer " + ws.readKey()).queryParam("limit", 200).queryParam("item", "tool_execution:c1")
                .get("/v1/conversations/" + conv + "/timeline").then().statusCode(200).extract().jsonPath();
        assertThat(wrongKind.getString("itemPage")).as("a call's id under another kind").isNull();
        for (String bad : new String[] {"c1", "llm:c1", "llm_call:"}) {
            given().header("Authorization", "Bearer " + ws.readKey()).queryParam("item", bad).get("/v1/conversations/" + conv + "/timeline")
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("item"));
        }

        assertThat(page(ws, conv, 200, cursors.get(4)).getString("nextCursor")).isNull();
        // Strides follow the limit; a timeline that fits one page lists none.
        assertThat(page(ws, conv, 50, null).getList("pageCursors")).hasSize(20);
        assertThat(page(ws, conv, 200, null).getList("pageCursors")).hasSize(5);
        JsonPath whole = given().header("Authorization", "Bearer " + ws.readKey()).queryParam("limit", 200)
                .get("/v1/conversations/" + conv + "/timeline?cursor=" + cursors.get(3)).then().statusCode(200).extract().jsonPath();
        assertThat(whole.getString("pageCursors")).isNull();
        String single = "single-" + UUID.randomUUID();
        writer.write(List.of(new ToolExecutionEvent(ws.id(), "only", new ConversationRef(single, null), new AssistantRef("a", null),
                at, 10L, "tc", null, "search", null, null, null))).await().atMost(Duration.ofSeconds(30));
        JsonPath one = page(ws, single, 200, null);
        assertThat(one.getList("items.id")).containsExactly("only");
        assertThat(one.getString("pageCursors")).isNull();
    }
}
