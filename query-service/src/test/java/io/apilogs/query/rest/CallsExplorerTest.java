package io.apilogs.query.rest;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.Labels;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.LlmResponse;
import io.apilogs.model.event.ToolCall;
import io.apilogs.model.event.UserRef;
import io.apilogs.model.event.Usage;
import io.apilogs.query.persistence.write.EventWriter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Issue 25, item 3: GET /v1/calls (filters, sorts, keyset pages, conversation subject) and GET /v1/calls/summary. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class CallsExplorerTest {
    @TestHTTPResource("/")
    URL baseUrl;
    @Inject
    EventWriter writer;

    /** Call n of 30: duration n*100 ms, n*10 input and 1 output token, every 7th with a 429, every 5th without a duration. */
    private static LlmCallEvent call(String ws, int n) {
        String conv = n % 2 == 0 ? "even" : "odd";
        ErrorInfo error = n % 7 == 0 ? new ErrorInfo("rate_limit_error", "Too many requests", 429) : null;
        LlmResponse response = n % 3 == 0 ? new LlmResponse(null, null, List.of(new ToolCall("tc-" + n, "refund_order", null)))
                : LlmResponse.EMPTY;
        return new LlmCallEvent(ws, "call-" + n, new ConversationRef(conv, "Subject " + conv), new AssistantRef("support", null),
                Instant.parse("2026-11-20T10:00:00Z").plusSeconds(60L * n), n % 5 == 0 ? null : 100L * n, null, "openai",
                n < 20 ? "gpt-4o" : "gpt-4o-mini", null, null, response, error != null ? null : n % 3 == 0 ? "tool_calls" : "stop",
                new Usage(10L * n, 1L, null, null, null, null), null, error, null, null,
                n == 4 ? new Labels(new UserRef("cust-4", null), List.of("vip"), null) : null);
    }

    @Test
    void callsAreListedFilteredSortedPagedAndSummed() {
        AdminClient.Workspace ws = new AdminClient(baseUrl.toString().replaceAll("/$", ""), LocalStackTestResource.ADMIN_TOKEN)
                .createWorkspace("explorer");
        List<Event> events = new ArrayList<>();
        for (int n = 1; n <= 30; n++) {
            events.add(call(ws.id(), n));
        }
        writer.write(events).await().atMost(Duration.ofSeconds(60));
        // A fresh specification per request: rest-assured keeps the query parameters of a reused one.
        java.util.function.Supplier<RequestSpecification> read = () -> given().baseUri(baseUrl.toString()).header("Authorization", "Bearer " + ws.readKey());

        JsonPath newest = read.get().get("/v1/calls?limit=3").then().statusCode(200).extract().jsonPath();
        assertThat(newest.getList("items.callId")).containsExactly("call-30", "call-29", "call-28");
        assertThat(newest.getString("items[0].conversationId")).isEqualTo("even");
        assertThat(newest.getString("items[0].subject")).isEqualTo("Subject even");
        assertThat(newest.getInt("items[1].tokens.total")).isEqualTo(291);

        // Every call once, in order, through keyset pages of 7, for each sort.
        assertThat(all(read, "sort=time&order=asc")).containsExactlyElementsOf(ids(1, 30));
        List<String> byDuration = all(read, "sort=duration&order=desc");
        assertThat(byDuration).hasSize(30).doesNotHaveDuplicates();
        assertThat(byDuration.subList(0, 3)).containsExactly("call-29", "call-28", "call-27");
        assertThat(byDuration.subList(24, 30)).as("calls without a duration last")
                .containsExactlyInAnyOrder("call-5", "call-10", "call-15", "call-20", "call-25", "call-30");
        List<String> byTokens = all(read, "sort=tokens&order=asc");
        assertThat(byTokens).containsExactlyElementsOf(ids(1, 30));

        assertThat(ids(read, "/v1/calls?status=error&order=asc")).containsExactly("call-7", "call-14", "call-21", "call-28");
        assertThat(ids(read, "/v1/calls?httpStatus=429&model=gpt-4o&order=asc")).containsExactly("call-7", "call-14");
        assertThat(ids(read, "/v1/calls?errorType=rate_limit_error&subject=odd&order=asc")).containsExactly("call-7", "call-21");
        // Issue 26: q searches content (the subject included), newest first, each row saying where it matched.
        assertThat(ids(read, "/v1/calls?errorType=rate_limit_error&q=ODD")).containsExactly("call-21", "call-7");
        read.get().get("/v1/calls?errorType=rate_limit_error&q=ODD").then().statusCode(200)
                .body("items[0].matches[0].field", equalTo("subject")).body("items[0].matches[0].snippet", equalTo("Subject odd"))
                .body("items[0].matches[0].highlight", equalTo(List.of(8, 11))).body("search.complete", equalTo(true));
        read.get().get("/v1/calls?q=odd&order=asc").then().statusCode(400).body("errors[0].field", equalTo("order"));
        read.get().get("/v1/calls?q=odd&sort=cost").then().statusCode(400).body("errors[0].field", equalTo("sort"));
        read.get().get("/v1/calls?q=odd&in=subject,nope").then().statusCode(400).body("errors[0].field", equalTo("in"));
        read.get().get("/v1/calls?in=subject").then().statusCode(400).body("errors[0].field", equalTo("in"));
        read.get().get("/v1/calls/summary?q=odd").then().statusCode(400).body("errors[0].field", equalTo("q"));
        read.get().get("/v1/calls").then().statusCode(200).body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("search")))
                .body("items[0]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("matches")));
        assertThat(ids(read, "/v1/calls?stopReason=tool_calls&tool=refund_order&minDurationMs=2000&order=asc"))
                .containsExactly("call-24", "call-27");
        assertThat(ids(read, "/v1/calls?tool=refund_order&maxTokens=100")).containsExactly("call-9", "call-6", "call-3");
        assertThat(ids(read, "/v1/calls?user=cust-4")).containsExactly("call-4");
        assertThat(ids(read, "/v1/calls?tag=vip&from=2026-11-20&to=2026-11-20")).containsExactly("call-4");
        assertThat(ids(read, "/v1/calls?from=2026-11-21")).isEmpty();
        read.get().get("/v1/calls?user=cust-4").then().body("items[0].labels.user.id", equalTo("cust-4"))
                .body("items[0].labels.tags", equalTo(List.of("vip")));

        JsonPath summary = read.get().get("/v1/calls/summary?model=gpt-4o").then().statusCode(200).extract().jsonPath();
        assertThat(summary.getLong("count")).isEqualTo(19);
        assertThat(summary.getLong("errorCount")).isEqualTo(2);
        assertThat(summary.getLong("tokens.input")).isEqualTo(1900);
        assertThat(summary.getLong("tokens.total")).isEqualTo(1919);
        assertThat(new BigDecimal(summary.getString("costUsd"))).isPositive();
        // Durations of calls 1-19 without 5, 10, 15: 16 values, 100 to 1900 ms; the 8th is the median.
        assertThat(summary.getLong("durationMs.p50")).isEqualTo(900);
        assertThat(summary.getLong("durationMs.p95")).isEqualTo(1900);
        assertThat(summary.getLong("durationMs.max")).isEqualTo(1900);
        read.get().get("/v1/calls/summary?from=2027-01-01").then().statusCode(200).body("count", equalTo(0))
                .body("durationMs", equalTo(null));

        read.get().get("/v1/calls?sort=price").then().statusCode(400).body("errors[0].field", equalTo("sort"));
        String conversationCursor = read.get().get("/v1/conversations?limit=1").then().extract().path("nextCursor");
        read.get().get("/v1/calls?cursor=" + conversationCursor).then().statusCode(400).body("errors[0].field", equalTo("cursor"));
    }

    /** The live explorer: each call stored after the stream opened, in the stream's filter, once; no others. */
    @Test
    void theLiveExplorerSendsNewCallsOfItsFilter() throws Exception {
        AdminClient.Workspace ws = new AdminClient(baseUrl.toString().replaceAll("/$", ""), LocalStackTestResource.ADMIN_TOKEN)
                .createWorkspace("explorer-live");
        writer.write(List.of(call(ws.id(), 1))).await().atMost(Duration.ofSeconds(60));
        SseText stream = new SseText(baseUrl + "v1/calls/stream?status=error", ws.readKey());
        // Calls 7, 14 and 21 fail (a 429); the others do not. Two batches, so two notifications.
        List<Event> first = new ArrayList<>();
        List<Event> second = new ArrayList<>();
        for (int n = 2; n <= 21; n++) {
            (n <= 10 ? first : second).add(call(ws.id(), n));
        }
        writer.write(first).await().atMost(Duration.ofSeconds(60));
        writer.write(second).await().atMost(Duration.ofSeconds(60));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> stream.text().contains("\"callId\":\"call-21\""));
        // Nothing more follows: the three calls stay all that was sent for a while after the last arrived.
        org.awaitility.Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> stream.found(SENT_CALL).size() == 3);
        stream.close();
        assertThat(stream.found(SENT_CALL)).containsExactly("call-7", "call-14", "call-21");
        assertThat(stream.text()).contains("event:call");
    }

    private static final String SENT_CALL = "\"callId\":\"(call-\\d+)\"";

    private static List<String> ids(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            ids.add("call-" + n);
        }
        return ids;
    }

    private static List<String> ids(java.util.function.Supplier<RequestSpecification> read, String path) {
        return read.get().get(path).then().statusCode(200).extract().path("items.callId");
    }

    private static List<String> all(java.util.function.Supplier<RequestSpecification> read, String query) {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = read.get().get("/v1/calls?limit=7&" + query + (cursor == null ? "" : "&cursor=" + cursor)).then().statusCode(200)
                    .extract().jsonPath();
            seen.addAll(page.getList("items.callId"));
            cursor = page.getString("nextCursor");
        } while (cursor != null && seen.size() < 100);
        return seen;
    }
}
