package io.apilogs.query.persistence.read;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.LlmResponse;
import io.apilogs.model.event.ToolCall;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.model.event.Usage;
import io.apilogs.query.persistence.write.EventWriter;
import io.apilogs.query.service.DetailBudget;
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
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * Details (a call with its linked items, a tool execution, an HTTP request, a prompt) are bounded in bytes: each
 * reserves ten times what it loads from the {@link DetailBudget} (64 MiB by default) and gives it back once answered.
 * A call whose linked items would not fit lists them without their contents; a detail that does not fit what is left
 * gets 503 with Retry-After.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class DetailBytesTest {
    private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

    @TestHTTPResource("/")
    URL baseUrl;
    @Inject
    EventWriter writer;
    @Inject
    DetailBudget budget;

    private AdminClient.Workspace workspace(String name) {
        return new AdminClient(baseUrl.toString().replaceAll("/$", ""), LocalStackTestResource.ADMIN_TOKEN).createWorkspace(name);
    }

    /** A call that asked for {@code tools} tools, each answered with a result of {@code resultChars} characters. */
    private static List<Event> callWithTools(String ws, String conv, String callId, int tools, int resultChars) {
        List<ToolCall> calls = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < tools; i++) {
            calls.add(new ToolCall("tc-" + callId + "-" + i, "fetch", JsonNodeFactory.instance.objectNode().put("n", i)));
            events.add(new ToolExecutionEvent(ws, callId + "-tool-" + i, new ConversationRef(conv, null), new AssistantRef("a", null),
                    AT.plusSeconds(1 + i), 5L, "tc-" + callId + "-" + i, null, "fetch", null,
                    TextNode.valueOf(String.valueOf((char) ('a' + i)).repeat(resultChars)), null));
        }
        events.add(0, new LlmCallEvent(ws, callId + "-event", new ConversationRef(conv, "bytes"), new AssistantRef("a", null), AT, 900L,
                callId, "anthropic", "claude-haiku-4-5", "You are terse.",
                JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode().put("role", "user").put("content", "go")),
                new LlmResponse("calling", null, calls), "tool_use", new Usage(10L, 5L, null, null, null, null), null, null, null));
        return events;
    }

    private void awaitNothingHeld() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(budget.held()).as("bytes still reserved").isZero());
    }

    @Test
    void aCallWhoseLinkedItemsWouldNotFitListsThemWithoutContentsAndEachItemStillReads() {
        AdminClient.Workspace ws = workspace("detail-bytes");
        String conv = "bytes-" + UUID.randomUUID();
        // Eight results of 1 MB: 8 MB stored, 80 MB at ten times, over the 64 MiB budget even alone.
        writer.write(callWithTools(ws.id(), conv, "big", 8, 1_000_000)).await().atMost(Duration.ofSeconds(60));
        writer.write(callWithTools(ws.id(), conv, "small", 2, 1_000)).await().atMost(Duration.ofSeconds(60));

        JsonPath big = given().header("Authorization", "Bearer " + ws.readKey()).get("/v1/calls/big")
                .then().statusCode(200).extract().jsonPath();
        assertThat(big.getList("toolExecutions")).hasSize(8);
        assertThat(big.getList("toolExecutions.contentOmitted")).containsOnly(true).hasSize(8);
        assertThat(big.getList("toolExecutions.result")).containsOnly((Object) null).hasSize(8);
        assertThat(big.getList("toolExecutions.toolCallId")).contains("tc-big-0", "tc-big-7");
        // The call's own contents are all there.
        assertThat(big.getString("systemPrompt.text")).isEqualTo("You are terse.");
        assertThat(big.getString("messages[0].content")).isEqualTo("go");
        assertThat(big.getList("response.toolCalls.id")).hasSize(8);
        assertThat(big.getInt("response.toolCalls[3].input.n")).isEqualTo(3);

        String toolId = big.getString("toolExecutions[2].id");
        given().header("Authorization", "Bearer " + ws.readKey()).get("/v1/tool-executions/" + toolId).then().statusCode(200)
                .body("result.length()", equalTo(1_000_000)).body("result", containsString("ccc")).body("contentOmitted", nullValue());

        // A call whose items fit carries them whole, with no contentOmitted field.
        given().header("Authorization", "Bearer " + ws.readKey()).get("/v1/calls/small").then().statusCode(200)
                .body("toolExecutions", hasSize(2)).body("toolExecutions[1].result", equalTo("b".repeat(1_000)))
                .body("toolExecutions[0]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("contentOmitted")));
        awaitNothingHeld();
    }

    @Test
    void aDetailThatDoesNotFitWhatIsLeftGets503WithRetryAfterAndReadsOnceTheBytesAreBack() {
        AdminClient.Workspace ws = workspace("detail-busy");
        String conv = "busy-" + UUID.randomUUID();
        writer.write(callWithTools(ws.id(), conv, "busy", 1, 500_000)).await().atMost(Duration.ofSeconds(60));
        String toolId = "busy-tool-0";
        String sha = given().header("Authorization", "Bearer " + ws.readKey()).get("/v1/calls/busy").then().statusCode(200)
                .extract().path("systemPrompt.sha256");
        awaitNothingHeld();

        // Others hold all but 1 MB of the budget: the 500 KB result needs 5 MB.
        DetailBudget.Claim others = budget.claim();
        others.take((budget.budget() - 1_000_000) / 10);
        try {
            given().header("Authorization", "Bearer " + ws.readKey()).get("/v1/tool-executions/" + toolId).then().statusCode(503)
                    .header("Retry-After", "1").contentType("application/problem+json")
                    .body("detail", containsString("APILOGS_READS_DETAIL_BYTES"));
            given().header("Authorization", "Bearer " + ws.readKey()).get("/v1/calls/busy").then().statusCode(503)
                    .header("Retry-After", "1");
            // A detail that needs little still reads.
            given().header("Authorization", "Bearer " + ws.readKey()).get("/v1/prompts/" + sha).then().statusCode(200)
                    .body("text", equalTo("You are terse."));
        } finally {
            others.close();
        }
        given().header("Authorization", "Bearer " + ws.readKey()).get("/v1/tool-executions/" + toolId).then().statusCode(200)
                .body("result.length()", equalTo(500_000));
        given().header("Authorization", "Bearer " + ws.readKey()).get("/v1/calls/busy").then().statusCode(200)
                .body("toolExecutions[0].result.length()", equalTo(500_000));
        given().header("Authorization", "Bearer " + ws.readKey()).get("/v1/tool-executions/nope").then().statusCode(404);
        awaitNothingHeld();
    }
}
