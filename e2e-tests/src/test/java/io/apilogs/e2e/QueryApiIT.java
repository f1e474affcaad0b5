package io.apilogs.e2e;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The activity log's parameters, day and time-zone boundaries, pagination, facets and analytics. */
@ExtendWith(SharedSystem.class)
class QueryApiIT {
    private static RunningSystem system;
    private static AdminClient.Workspace ws;

    /** conversationId, assistant, model, first startedAt, duration of the one call (ms), tokens in, cost via costUsd. */
    private record Conv(String id, String assistant, String model, String startedAt, long durationMs, long input, String cost) {
    }

    private static final List<Conv> DATA = List.of(
            // Spans midnight UTC; in Los Angeles it is all on 2026-03-07.
            new Conv("midnight", "alpha", "gpt-4o", "2026-03-07T23:30:00Z", 3_600_000, 100, "0.5"),
            // 23:30 PDT on 2026-03-08, the day clocks moved forward in Los Angeles.
            new Conv("dst-late", "beta", "claude-haiku-4-5", "2026-03-09T06:30:00Z", 1000, 300, "0.25"),
            // 00:30 PDT on 2026-03-09.
            new Conv("dst-next", "beta", "llama-3-local", "2026-03-09T07:30:00Z", 1000, 50, null),
            new Conv("other-1", "gamma", "o3", "2026-03-10T12:00:00Z", 1000, 10, "1.5"),
            new Conv("other-2", "gamma", "o3", "2026-03-10T13:00:00Z", 1000, 20, "0.75"));

    @BeforeAll
    static void seed() {
        system = SharedSystem.system();
        ws = SharedSystem.newWorkspace("query-api");
        List<String> events = new ArrayList<>();
        for (Conv c : DATA) {
            events.add("""
                    {"eventId":"%s-1","type":"llm_call","conversation":{"id":"%s","subject":"Subject of %s"},
                     "assistant":{"id":"%s"},"startedAt":"%s","durationMs":%d,"model":"%s",
                     "usage":{"inputTokens":%d,"outputTokens":1}%s}"""
                    .formatted(c.id, c.id, c.id, c.assistant, c.startedAt, c.durationMs, c.model, c.input,
                            c.cost == null ? "" : ",\"costUsd\":" + c.cost));
        }
        given().baseUri(system.ingest().baseUrl()).header("Authorization", "Bearer " + ws.ingestKey()).contentType("application/json")
                .body("{\"events\":[" + String.join(",", events) + "]}").post("/v1/events").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ids("")).hasSize(DATA.size()));
    }

    private static Response get(String path) {
        return given().urlEncodingEnabled(false).baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.readKey()).get(path);
    }

    private static List<String> ids(String query) {
        return get("/v1/conversations?limit=200" + query).then().statusCode(200).extract().jsonPath().getList("items.conversationId");
    }

    @Test
    void dayRangesAreInclusiveAndCutInTheRequestedZone() {
        assertThat(ids("&from=2026-03-08&to=2026-03-08")).containsExactly("midnight");
        assertThat(ids("&from=2026-03-07&to=2026-03-07")).containsExactly("midnight");
        assertThat(ids("&to=2026-03-06")).isEmpty();
        assertThat(ids("&from=2026-03-08&to=2026-03-08&tz=America/Los_Angeles")).containsExactly("dst-late");
        assertThat(ids("&from=2026-03-07&to=2026-03-07&tz=America/Los_Angeles")).containsExactly("midnight");
        assertThat(ids("&from=2026-03-09&to=2026-03-09&tz=America/Los_Angeles")).containsExactly("dst-next");
        assertThat(ids("&from=2026-03-09")).containsExactlyInAnyOrder("dst-late", "dst-next", "other-1", "other-2");
    }

    @Test
    void filtersAndTogetherAndRepeatedValuesOr() {
        assertThat(ids("&assistant=beta")).containsExactlyInAnyOrder("dst-late", "dst-next");
        assertThat(ids("&assistant=beta&assistant=alpha")).containsExactlyInAnyOrder("dst-late", "dst-next", "midnight");
        assertThat(ids("&model=gpt-4o")).containsExactly("midnight");
        assertThat(ids("&model=gpt-4o&model=llama-3-local")).containsExactlyInAnyOrder("midnight", "dst-next");
        assertThat(ids("&model=gpt-4o&model=llama-3-local&assistant=beta&from=2026-03-09&tz=UTC")).containsExactly("dst-next");
        assertThat(ids("&q=OF%20OTHER")).containsExactlyInAnyOrder("other-1", "other-2");
        assertThat(ids("&q=%25")).isEmpty();
    }

    @Test
    void sortsPutNullCostsLastInBothOrders() {
        assertThat(ids("&sort=cost")).containsExactly("other-1", "other-2", "midnight", "dst-late", "dst-next");
        assertThat(ids("&sort=cost&order=asc")).containsExactly("dst-late", "midnight", "other-2", "other-1", "dst-next");
        assertThat(ids("&sort=tokens")).startsWith("dst-late");
        assertThat(ids("")).containsExactly("other-2", "other-1", "dst-next", "dst-late", "midnight");
    }

    @Test
    void keysetPagesCoverEveryRowOnceForEverySort() {
        for (String sort : List.of("lastActivity", "cost", "tokens", "calls")) {
            for (String order : List.of("desc", "asc")) {
                List<String> seen = new ArrayList<>();
                String cursor = null;
                do {
                    Map<String, Object> page = get("/v1/conversations?limit=2&sort=" + sort + "&order=" + order
                            + (cursor == null ? "" : "&cursor=" + cursor)).then().statusCode(200).extract().jsonPath().getMap("");
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
                    items.forEach(i -> seen.add((String) i.get("conversationId")));
                    cursor = (String) page.get("nextCursor");
                } while (cursor != null);
                assertThat(seen).as(sort + " " + order).containsExactlyElementsOf(ids("&sort=" + sort + "&order=" + order));
            }
        }
    }

    @Test
    void badParametersAnswer400NamingTheParameter() {
        Map<String, String> cases = Map.of(
                "from=2026-13-01", "from", "to=2026-02-30", "to", "from=2026-03-02&to=2026-03-01", "from",
                "tz=Mars/Olympus", "tz", "sort=price", "sort", "order=up", "order", "limit=0", "limit",
                "limit=201", "limit", "cursor=bm90LWEtY3Vyc29y.AAAA", "cursor");
        cases.forEach((query, parameter) -> get("/v1/conversations?" + query).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo(parameter)));
        get("/v1/analytics/usage?groupBy=week").then().statusCode(400).body("errors[0].field", equalTo("groupBy"));
        get("/v1/conversations?status=failed").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("status"));
        get("/v1/conversations/nope").then().statusCode(404);
        get("/v1/conversations/nope/timeline").then().statusCode(404);
    }

    /** Issue 24, item 4: both pickers count conversations, and each narrows with the other filters, never its own. */
    @Test
    void facetPickersCountConversationsAndNarrowWithTheOtherFilters() {
        get("/v1/assistants?model=o3").then().statusCode(200)
                .body("items.id", equalTo(List.of("gamma"))).body("items.conversationCount", equalTo(List.of(2)));
        get("/v1/assistants?model=o3&model=gpt-4o").then()
                .body("items.id", equalTo(List.of("gamma", "alpha"))).body("items.conversationCount", equalTo(List.of(2, 1)));
        get("/v1/assistants?subject=DST&assistant=alpha").then()
                .body("items.id", equalTo(List.of("beta"))).body("items.conversationCount", equalTo(List.of(2)));
        get("/v1/models").then().body("items.find { it.model == 'o3' }.conversationCount", equalTo(2))
                .body("items.find { it.model == 'o3' }.callCount", equalTo(2));
        get("/v1/models?assistant=beta").then()
                .body("items.model", equalTo(List.of("claude-haiku-4-5", "llama-3-local")))
                .body("items.conversationCount", equalTo(List.of(1, 1)));
        get("/v1/models?subject=of%20other&model=gpt-4o").then()
                .body("items.model", equalTo(List.of("o3"))).body("items.conversationCount", equalTo(List.of(2)));
        get("/v1/models?assistant=nobody").then().body("items", equalTo(List.of()));
    }

    @Test
    void facetsAndAnalyticsFollowTheRangeAndZone() {
        get("/v1/assistants").then().statusCode(200)
                .body("items.id", equalTo(List.of("beta", "gamma", "alpha")))
                .body("items.conversationCount", equalTo(List.of(2, 2, 1)));
        get("/v1/assistants?from=2026-03-10").then().body("items.id", equalTo(List.of("gamma")));
        get("/v1/models").then().body("items.model", equalTo(List.of("o3", "claude-haiku-4-5", "gpt-4o", "llama-3-local")));
        get("/v1/models?from=2026-03-10&to=2026-03-10").then().body("items.model", equalTo(List.of("o3")))
                .body("items[0].callCount", equalTo(2));

        get("/v1/analytics/usage?groupBy=day&tz=America/Los_Angeles&from=2026-03-07&to=2026-03-09").then().statusCode(200)
                .body("groupBy", equalTo("day"))
                .body("items.key", equalTo(List.of("2026-03-07", "2026-03-08", "2026-03-09")))
                .body("items.calls", equalTo(List.of(1, 1, 1)))
                .body("items[1].tokens.input", equalTo(300))
                .body("items[1].costUsd", equalTo(0.25f))
                .body("items[2].costUsd", equalTo(null))
                .body("totals.calls", equalTo(3))
                .body("totals.costUsd", equalTo(0.75f));
        get("/v1/analytics/usage?groupBy=model").then()
                .body("items.key", equalTo(List.of("claude-haiku-4-5", "gpt-4o", "llama-3-local", "o3")))
                .body("items[3].calls", equalTo(2))
                .body("items[3].costUsd", equalTo(2.25f))
                .body("items[2].costUsd", equalTo(null))
                .body("items[2].unpricedCallCount", equalTo(1));
        get("/v1/analytics/usage?groupBy=assistant&from=2026-03-10").then().body("items.key", equalTo(List.of("gamma")));
    }

    /** Beyond API.md: a timeline page names the conversation's highest committed seq, where a live stream resumes. */
    @Test
    void aTimelinePageNamesTheLastCommittedSeq() {
        get("/v1/conversations/other-1/timeline?limit=1").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("lastSeq", equalTo(1)).body("items[0].seq", equalTo(1));
    }

    /** The UI's split charts read one series per model or assistant; the filters OR within themselves and AND together. */
    @Test
    void usageFiltersByModelAndAssistantFromRollupsOrFromCalls() {
        get("/v1/analytics/usage?groupBy=day&model=o3").then().statusCode(200)
                .body("items.key", equalTo(List.of("2026-03-10"))).body("totals.calls", equalTo(2)).body("totals.costUsd", equalTo(2.25f));
        get("/v1/analytics/usage?groupBy=day&model=o3&model=gpt-4o").then().body("totals.calls", equalTo(3))
                .body("items.key", equalTo(List.of("2026-03-07", "2026-03-10")));
        get("/v1/analytics/usage?groupBy=day&assistant=beta").then().body("totals.calls", equalTo(2))
                .body("items.key", equalTo(List.of("2026-03-09")));
        // Both dimensions, and a zone of half hours, are answered from the calls themselves.
        get("/v1/analytics/usage?groupBy=model&assistant=beta").then()
                .body("items.key", equalTo(List.of("claude-haiku-4-5", "llama-3-local")));
        get("/v1/analytics/usage?groupBy=day&assistant=beta&model=llama-3-local").then().body("totals.calls", equalTo(1));
        get("/v1/analytics/usage?groupBy=day&model=o3&tz=Asia/Kolkata").then().body("totals.calls", equalTo(2))
                .body("items.key", equalTo(List.of("2026-03-10")));
        get("/v1/analytics/usage?groupBy=assistant&model=gpt-4o").then().body("items.key", equalTo(List.of("alpha")));
    }
}
