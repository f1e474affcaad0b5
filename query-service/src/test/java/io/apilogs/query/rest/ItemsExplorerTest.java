package io.apilogs.query.rest;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.Json;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.model.event.Labels;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.model.event.UserRef;
import io.apilogs.query.persistence.write.EventWriter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Issue 25, items 3-4: GET /v1/tool-executions and /v1/http-requests, and their exports. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ItemsExplorerTest {
    @TestHTTPResource("/")
    URL baseUrl;
    @Inject
    EventWriter writer;

    @Test
    void toolExecutionsAndHttpRequestsAreListedFilteredPagedAndExported() throws Exception {
        AdminClient.Workspace ws = new AdminClient(baseUrl.toString().replaceAll("/$", ""), LocalStackTestResource.ADMIN_TOKEN)
                .createWorkspace("items-explorer");
        List<Event> events = new ArrayList<>();
        for (int n = 1; n <= 12; n++) {
            ConversationRef conv = new ConversationRef(n % 2 == 0 ? "even" : "odd", n % 2 == 0 ? "Refund flow" : "Shipping flow");
            Instant at = Instant.parse("2026-11-20T10:00:00Z").plusSeconds(60L * n);
            Labels labels = n == 3 ? new Labels(new UserRef("cust-3", null), List.of("vip"), null) : null;
            events.add(new ToolExecutionEvent(ws.id(), "tool-" + n, conv, new AssistantRef("support", null), at, 100L * n, "tc-" + n, null,
                    n % 3 == 0 ? "refund_order" : "lookup", Json.CANONICAL.readTree("{\"order\":" + n + "}"),
                    Json.CANONICAL.readTree("{\"ok\":true}"), n == 6 ? new ErrorInfo("timeout", "took too long", null) : null, null, labels));
            events.add(new HttpRequestEvent(ws.id(), "http-" + n, conv, new AssistantRef("support", null), at, n == 5 ? null : 10L * n, "shop",
                    "tc-" + n, "GET", "https://shop.example/orders/" + n, n == 4 ? 503 : 200, null, null, null,
                    Json.CANONICAL.readTree("{\"order\":" + n + "}"), null, 20L, null, null, labels));
        }
        writer.write(events).await().atMost(Duration.ofSeconds(60));
        Supplier<RequestSpecification> read = () -> given().baseUri(baseUrl.toString()).header("Authorization", "Bearer " + ws.readKey());

        assertThat(ids(read, "/v1/tool-executions?limit=3")).containsExactly("tool-12", "tool-11", "tool-10");
        assertThat(all(read, "/v1/tool-executions?sort=duration&order=asc")).containsExactlyElementsOf(
                List.of("tool-1", "tool-2", "tool-3", "tool-4", "tool-5", "tool-6", "tool-7", "tool-8", "tool-9", "tool-10", "tool-11", "tool-12"));
        assertThat(ids(read, "/v1/tool-executions?tool=refund_order&order=asc")).containsExactly("tool-3", "tool-6", "tool-9", "tool-12");
        assertThat(ids(read, "/v1/tool-executions?status=error")).containsExactly("tool-6");
        assertThat(ids(read, "/v1/tool-executions?errorType=timeout&q=refund")).containsExactly("tool-6");
        assertThat(ids(read, "/v1/tool-executions?user=cust-3")).containsExactly("tool-3");
        assertThat(ids(read, "/v1/tool-executions?minDurationMs=1000&maxDurationMs=1100&order=asc")).containsExactly("tool-10", "tool-11");
        JsonPath tool = read.get().get("/v1/tool-executions?user=cust-3").then().statusCode(200).extract().jsonPath();
        assertThat(tool.getString("items[0].subject")).isEqualTo("Shipping flow");
        assertThat(tool.getString("items[0].toolName")).isEqualTo("refund_order");
        assertThat(tool.getString("items[0].labels.tags[0]")).isEqualTo("vip");

        List<String> byDuration = all(read, "/v1/http-requests?sort=duration");
        assertThat(byDuration).hasSize(12).doesNotHaveDuplicates();
        assertThat(byDuration.get(11)).as("no duration: last").isEqualTo("http-5");
        assertThat(ids(read, "/v1/http-requests?status=error")).containsExactly("http-4");
        assertThat(ids(read, "/v1/http-requests?httpStatus=503")).containsExactly("http-4");
        assertThat(ids(read, "/v1/http-requests?tool=shop&user=cust-3")).containsExactly("http-3");
        read.get().get("/v1/http-requests?httpStatus=503").then().body("items[0].url", equalTo("https://shop.example/orders/4"))
                .body("items[0].statusCode", equalTo(503));

        read.get().get("/v1/tool-executions?model=gpt-4o").then().statusCode(400).body("errors[0].field", equalTo("model"));
        read.get().get("/v1/http-requests?minCostUsd=1").then().statusCode(400).body("errors[0].field", equalTo("minCostUsd"));
        read.get().get("/v1/http-requests?sort=cost").then().statusCode(400).body("errors[0].field", equalTo("sort"));
        String toolCursor = read.get().get("/v1/tool-executions?limit=1").then().extract().path("nextCursor");
        read.get().get("/v1/http-requests?cursor=" + toolCursor).then().statusCode(400).body("errors[0].field", equalTo("cursor"));

        String csv = read.get().get("/v1/export/tool-executions?format=csv&status=error").then().statusCode(200).extract().asString();
        assertThat(csv.split("\r\n")).hasSize(2);
        assertThat(csv.split("\r\n")[1]).startsWith("tool-6,even,Refund flow,support,").contains(",timeout,took too long,");
        String jsonl = read.get().get("/v1/export/tool-executions?include=bodies&user=cust-3").then().statusCode(200).extract().asString();
        assertThat(Json.CANONICAL.readTree(jsonl.strip()).path("result").path("ok").asBoolean()).isTrue();
        assertThat(Json.CANONICAL.readTree(jsonl.strip()).path("input").path("order").asInt()).isEqualTo(3);
        String http = read.get().get("/v1/export/http-requests?include=bodies&httpStatus=503").then().statusCode(200).extract().asString();
        assertThat(Json.CANONICAL.readTree(http.strip()).path("responseBody").path("order").asInt()).isEqualTo(4);
        assertThat(read.get().get("/v1/export/http-requests?format=csv").then().statusCode(200).extract().asString().split("\r\n")).hasSize(13);
        read.get().get("/v1/export/tool-executions?model=x").then().statusCode(400).body("errors[0].field", equalTo("model"));
    }

    /**
     * The live explorers of tool executions and HTTP requests: each item stored after the stream opened, in its filter,
     * once and in order across batches; no others.
     */
    @Test
    void theLiveExplorersSendNewToolExecutionsAndHttpRequestsOfTheirFilters() throws Exception {
        AdminClient.Workspace ws = new AdminClient(baseUrl.toString().replaceAll("/$", ""), LocalStackTestResource.ADMIN_TOKEN)
                .createWorkspace("items-live");
        try (SseText tools = new SseText(baseUrl + "v1/tool-executions/stream?tool=refund_order", ws.readKey());
             SseText failures = new SseText(baseUrl + "v1/http-requests/stream?status=error", ws.readKey())) {
            for (int batch = 0; batch < 3; batch++) {
                List<Event> events = new ArrayList<>();
                for (int n = batch * 6 + 1; n <= batch * 6 + 6; n++) {
                    ConversationRef conv = new ConversationRef("live-" + n % 2, "Live flow");
                    Instant at = Instant.parse("2026-11-21T10:00:00Z").plusSeconds(n);
                    events.add(new ToolExecutionEvent(ws.id(), "tool-" + n, conv, new AssistantRef("support", null), at, 10L, "tc-" + n, null,
                            n % 4 == 0 ? "refund_order" : "lookup", null, null, null, null, null));
                    events.add(new HttpRequestEvent(ws.id(), "http-" + n, conv, new AssistantRef("support", null), at, 5L, "shop", "tc-" + n,
                            "GET", "https://shop.example/orders/" + n, n % 5 == 0 ? 500 : 200, null, null, null, null, null, null, null, null, null));
                }
                writer.write(events).await().atMost(Duration.ofSeconds(60));
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> tools.found(SENT_ID).contains("tool-16") && failures.found(SENT_ID).contains("http-15"));
            org.awaitility.Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> tools.found(SENT_ID).size() == 4 && failures.found(SENT_ID).size() == 3);
            assertThat(tools.found(SENT_ID)).containsExactly("tool-4", "tool-8", "tool-12", "tool-16");
            assertThat(failures.found(SENT_ID)).containsExactly("http-5", "http-10", "http-15");
            assertThat(tools.text()).contains("event:tool_execution").doesNotContain("event:http_request");
            assertThat(failures.text()).contains("event:http_request").contains("\"subject\":\"Live flow\"");
        }
    }

    private static final String SENT_ID = "\"id\":\"((?:tool|http)-\\d+)\"";

    private static List<String> ids(Supplier<RequestSpecification> read, String path) {
        return read.get().get(path).then().statusCode(200).extract().path("items.id");
    }

    private static List<String> all(Supplier<RequestSpecification> read, String path) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = read.get().get(path + "&limit=5" + (cursor == null ? "" : "&cursor=" + cursor)).then().statusCode(200)
                    .extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null && seen.size() < 100);
        return seen;
    }
}
