package io.apilogs.query.rest;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.Json;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.Labels;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.UserRef;
import io.apilogs.model.event.Usage;
import io.apilogs.query.persistence.write.EventWriter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Issue 25: the user, tag and meta.<key> filters through HTTP, the user and tag pickers, and their 400s. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class LabelsApiTest {
    @TestHTTPResource("/")
    URL baseUrl;
    @Inject
    EventWriter writer;

    private static LlmCallEvent call(String ws, String conv, String at, String user, String userName, List<String> tags, String metadata)
            throws Exception {
        return new LlmCallEvent(ws, conv + "-" + at, new ConversationRef(conv, "Subject " + conv), new AssistantRef("support", null),
                Instant.parse(at), 1000L, null, "openai", "gpt-4o", null, null, null, "stop", new Usage(10L, 5L, null, null, null, null),
                null, null, null, null, Labels.orNull(user == null ? null : new UserRef(user, userName), tags,
                metadata == null ? null : Json.CANONICAL.readTree(metadata)));
    }

    @Test
    void conversationsFilterByUserTagAndMetadataAndThePickersCountConversations() throws Exception {
        AdminClient.Workspace ws = new AdminClient(baseUrl.toString().replaceAll("/$", ""), LocalStackTestResource.ADMIN_TOKEN)
                .createWorkspace("labels");
        List<Event> events = List.of(
                call(ws.id(), "refund-1", "2026-11-20T10:00:00Z", "cust-1", "Ada", List.of("refund"), "{\"plan\":\"pro\",\"seats\":3}"),
                call(ws.id(), "refund-1", "2026-11-20T10:01:00Z", "cust-1", null, List.of("escalated"), null),
                call(ws.id(), "refund-2", "2026-11-21T10:00:00Z", "cust-2", "Bea", List.of("refund"), "{\"plan\":\"free\"}"),
                call(ws.id(), "other", "2026-11-22T10:00:00Z", null, null, List.of(), null));
        writer.write(events).await().atMost(Duration.ofSeconds(60));
        // A fresh specification per request: rest-assured keeps the query parameters of a reused one.
        java.util.function.Supplier<RequestSpecification> read = () -> given().baseUri(baseUrl.toString()).header("Authorization", "Bearer " + ws.readKey());

        // The row shows the latest user (cust-1, whose latest event gives no name: the earlier one stays) and the union of tags.
        read.get().get("/v1/conversations?user=cust-1").then().statusCode(200)
                .body("items.conversationId", equalTo(List.of("refund-1")))
                .body("items[0].user.id", equalTo("cust-1"))
                .body("items[0].user.name", equalTo("Ada"))
                .body("items[0].tags", equalTo(List.of("escalated", "refund")));
        assertThat(ids(read, "/v1/conversations?tag=refund")).containsExactlyInAnyOrder("refund-1", "refund-2");
        assertThat(ids(read, "/v1/conversations?tag=refund&user=cust-2")).containsExactly("refund-2");
        assertThat(ids(read, "/v1/conversations?user=cust-1&user=cust-2")).containsExactlyInAnyOrder("refund-1", "refund-2");
        assertThat(ids(read, "/v1/conversations?meta.plan=pro")).containsExactly("refund-1");
        assertThat(ids(read, "/v1/conversations?meta.plan=pro&meta.plan=free")).containsExactlyInAnyOrder("refund-1", "refund-2");
        assertThat(ids(read, "/v1/conversations?meta.plan=pro&meta.seats=3")).containsExactly("refund-1");
        assertThat(ids(read, "/v1/conversations?meta.plan=free&meta.seats=3")).isEmpty();
        assertThat(ids(read, "/v1/conversations?tag=nothing")).isEmpty();

        // Pickers: conversations per value, narrowed by the other filters, never by their own.
        read.get().get("/v1/users?user=cust-2").then().statusCode(200)
                .body("items.id", equalTo(List.of("cust-1", "cust-2")))
                .body("items.name", equalTo(List.of("Ada", "Bea")))
                .body("items.conversationCount", equalTo(List.of(1, 1)))
                .body("truncated", equalTo(false));
        read.get().get("/v1/tags").then().statusCode(200)
                .body("items.tag", equalTo(List.of("refund", "escalated")))
                .body("items.conversationCount", equalTo(List.of(2, 1)));
        read.get().get("/v1/tags?meta.plan=free").then().statusCode(200).body("items.tag", equalTo(List.of("refund")));
        read.get().get("/v1/tags?limit=1").then().statusCode(200).body("items.tag", equalTo(List.of("refund"))).body("truncated", equalTo(true));

        // Analytics in the same filters, applied to each call (the roll-ups know none of them).
        read.get().get("/v1/analytics/usage?tag=refund&from=2026-11-01&to=2026-11-30").then().statusCode(200)
                .body("totals.calls", equalTo(2)).body("items.key", equalTo(List.of("2026-11-20", "2026-11-21")));
        read.get().get("/v1/analytics/usage?user=cust-1&groupBy=model").then().statusCode(200).body("totals.calls", equalTo(2));
        read.get().get("/v1/analytics/usage?meta.plan=free&groupBy=assistant").then().statusCode(200)
                .body("items.key", equalTo(List.of("support"))).body("totals.calls", equalTo(1));
        read.get().get("/v1/analytics/usage").then().statusCode(200).body("totals.calls", equalTo(4));
        read.get().get("/v1/conversations?httpStatus=abc").then().statusCode(400).body("errors[0].field", equalTo("httpStatus"));
        read.get().get("/v1/conversations?httpStatus=99").then().statusCode(400).body("errors[0].field", equalTo("httpStatus"));
        read.get().get("/v1/tags?limit=0").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        read.get().urlEncodingEnabled(false).get("/v1/conversations?meta.a%3Db=c").then().statusCode(400).body("errors[0].field", equalTo("meta.a=b"))
                .contentType(containsString("application/problem+json"));
    }

    private static List<String> ids(java.util.function.Supplier<RequestSpecification> read, String path) {
        return read.get().get(path).then().statusCode(200).extract().path("items.conversationId");
    }
}
