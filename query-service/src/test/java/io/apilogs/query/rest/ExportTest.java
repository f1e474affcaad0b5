package io.apilogs.query.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.Json;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.Labels;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.LlmResponse;
import io.apilogs.model.event.UserRef;
import io.apilogs.model.event.Usage;
import io.apilogs.query.persistence.write.EventWriter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
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

/** Issue 25, item 4: exports of the activity log and of calls, CSV and JSON Lines, with the lists' filters. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ExportTest {
    @TestHTTPResource("/")
    URL baseUrl;
    @Inject
    EventWriter writer;

    @Inject
    io.apilogs.query.persistence.read.ExportReads reads;

    private static LlmCallEvent simple(String ws, int n) {
        return new LlmCallEvent(ws, "snap-" + n, new ConversationRef("snap", "Snapshot"), new AssistantRef("support", null),
                Instant.parse("2026-11-21T10:00:00Z").plusSeconds(n), 10L, null, "openai", "gpt-4o", null, null, null, "stop",
                new Usage(1L, 1L, null, null, null, null), null, null, null);
    }

    /** Rows written while an export runs are not in it: its cursor reads one snapshot, fetched as the reader asks. */
    @Test
    void anExportIsOneSnapshotReadAsTheReaderAsks() {
        AdminClient.Workspace ws = new AdminClient(baseUrl.toString().replaceAll("/$", ""), LocalStackTestResource.ADMIN_TOKEN)
                .createWorkspace("export-snapshot");
        List<Event> first = new ArrayList<>();
        for (int n = 0; n < 500; n++) {
            first.add(simple(ws.id(), n));
        }
        writer.write(first).await().atMost(Duration.ofSeconds(60));
        io.smallrye.mutiny.helpers.test.AssertSubscriber<io.vertx.mutiny.sqlclient.Row> reader = reads.calls(ws.id(),
                io.apilogs.query.persistence.read.ActivityFilter.parse(null, null, null, null, null, null), false)
                .subscribe().withSubscriber(io.smallrye.mutiny.helpers.test.AssertSubscriber.create(1));
        reader.awaitItems(1, Duration.ofSeconds(30));
        List<Event> later = new ArrayList<>();
        // Older than every row read so far: an export paged by keyset would meet them in its later pages.
        for (int n = -100; n < 0; n++) {
            later.add(simple(ws.id(), n));
        }
        writer.write(later).await().atMost(Duration.ofSeconds(60));
        reader.request(Long.MAX_VALUE);
        reader.awaitCompletion(Duration.ofSeconds(30));
        List<String> ids = reader.getItems().stream().map(row -> row.getString("call_id")).toList();
        assertThat(ids).hasSize(500).doesNotHaveDuplicates().allMatch(id -> Integer.parseInt(id.substring(5)) >= 0);
        assertThat(ids.get(0)).isEqualTo("snap-499");
    }

    @Test
    void listsExportAsCsvAndJsonLinesWithTheirFiltersPastAnyPageSize() throws Exception {
        AdminClient.Workspace ws = new AdminClient(baseUrl.toString().replaceAll("/$", ""), LocalStackTestResource.ADMIN_TOKEN)
                .createWorkspace("export");
        List<Event> events = new ArrayList<>();
        // 450 calls in 3 conversations: past the lists' 200 a page and the export's chunks of 100.
        for (int n = 0; n < 450; n++) {
            String conv = "conv-" + (n % 3);
            ErrorInfo error = n == 7 ? new ErrorInfo("rate_limit_error", "Too many, \"slow\" down\nplease", 429) : null;
            events.add(new LlmCallEvent(ws.id(), "call-" + n, new ConversationRef(conv, n % 3 == 0 ? "=HYPERLINK(\"x\") refund, urgent" : "Trip " + conv),
                    new AssistantRef("support", null), Instant.parse("2026-11-20T10:00:00Z").plusSeconds(n), 100L + n, null, "openai", "gpt-4o",
                    "You are helpful.", Json.CANONICAL.readTree("[{\"role\":\"user\",\"content\":\"question " + n + "\"}]"),
                    new LlmResponse("answer " + n, null, List.of()), error == null ? "stop" : null, new Usage(10L, 2L, null, null, null, null),
                    null, error, null, null, n == 3 ? new Labels(new UserRef("cust-3", "Ada"), List.of("vip", "refund"),
                    Json.CANONICAL.readTree("{\"plan\":\"pro\"}")) : null));
        }
        writer.write(events).await().atMost(Duration.ofSeconds(60));
        Supplier<RequestSpecification> read = () -> given().baseUri(baseUrl.toString()).header("Authorization", "Bearer " + ws.readKey());

        Response jsonl = read.get().get("/v1/export/calls");
        jsonl.then().statusCode(200).header("Content-Type", equalTo("application/x-ndjson; charset=utf-8"))
                .header("Content-Disposition", org.hamcrest.Matchers.startsWith("attachment; filename=\"calls-"));
        List<String> lines = jsonl.asString().lines().toList();
        assertThat(lines).hasSize(450);
        JsonNode newest = Json.CANONICAL.readTree(lines.get(0));
        assertThat(newest.path("callId").asText()).isEqualTo("call-449");
        assertThat(newest.path("subject").asText()).isEqualTo("Trip conv-2");
        assertThat(newest.path("tokens").path("total").asLong()).isEqualTo(12);
        assertThat(newest.has("messages")).as("bodies only when asked").isFalse();
        assertThat(lines.stream().map(l -> l.substring(0, 40)).distinct().count()).isEqualTo(450);

        List<String> withBodies = read.get().get("/v1/export/calls?include=bodies&user=cust-3").then().statusCode(200).extract().asString()
                .lines().toList();
        assertThat(withBodies).hasSize(1);
        JsonNode call = Json.CANONICAL.readTree(withBodies.get(0));
        assertThat(call.path("systemPrompt").asText()).isEqualTo("You are helpful.");
        assertThat(call.path("messages").path(0).path("content").asText()).isEqualTo("question 3");
        assertThat(call.path("response").path("text").asText()).isEqualTo("answer 3");
        assertThat(call.path("labels").path("metadata").path("plan").asText()).isEqualTo("pro");

        Response csv = read.get().get("/v1/export/calls?format=csv&status=error");
        csv.then().statusCode(200).header("Content-Type", equalTo("text/csv; charset=utf-8"));
        String text = csv.asString();
        assertThat(text).startsWith("callId,eventId,conversationId,subject,assistantId,");
        assertThat(text.split("\r\n")).as("header and one record (its message keeps its line break inside quotes)").hasSize(2);
        assertThat(text).contains("call-7,call-7,conv-1,Trip conv-1,support,").contains(",rate_limit_error,\"Too many, \"\"slow\"\" down\nplease\",429,");

        String conversations = read.get().get("/v1/export/conversations?format=csv").then().statusCode(200).extract().asString();
        List<String> rows = conversations.lines().toList();
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).startsWith("conversationId,subject,assistantId,assistantName,callCount,");
        assertThat(conversations).as("a formula is not run by a spreadsheet").contains("conv-0,\"'=HYPERLINK(\"\"x\"\") refund, urgent\",support,")
                .contains("cust-3,Ada,refund;vip");
        List<String> filtered = read.get().get("/v1/export/conversations?tag=vip").then().statusCode(200).extract().asString().lines().toList();
        assertThat(filtered).hasSize(1);
        assertThat(Json.CANONICAL.readTree(filtered.get(0)).path("conversationId").asText()).isEqualTo("conv-0");

        read.get().get("/v1/export/calls?format=xml").then().statusCode(400).body("errors[0].field", equalTo("format"));
        read.get().get("/v1/export/calls?format=csv&include=bodies").then().statusCode(400).body("errors[0].field", equalTo("include"));
        read.get().get("/v1/export/calls?from=2026-13-01").then().statusCode(400).body("errors[0].field", equalTo("from"));
        given().baseUri(baseUrl.toString()).get("/v1/export/calls").then().statusCode(401);
    }
}
