package io.apilogs.query.security;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.Hashing;
import io.apilogs.model.Json;
import io.apilogs.model.Topics;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.model.event.Labels;
import io.apilogs.model.event.UserRef;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.LlmResponse;
import io.apilogs.model.event.ToolCall;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.model.event.Usage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Two workspaces, each with a conversation holding a call (with a system prompt), a tool execution and an HTTP request. */
final class Fixture {
    /** One workspace's keys and the ids of its items. */
    record Side(AdminClient.Workspace ws, String conversation, String callId, String toolId, String httpId, String promptSha,
                String assistant, String model, String keyId, String user, String tag) {
        Map<String, String> ids() {
            return Map.of("conversation", conversation, "callId", callId, "tool", toolId, "http", httpId, "sha256", promptSha,
                    "workspace", ws.id(), "keyId", keyId, "model", model);
        }
    }

    final String baseUrl;
    final Map<String, Object> kafka;
    final Side a;
    final Side b;

    Fixture(String baseUrl, Map<String, Object> kafka) {
        this.baseUrl = baseUrl;
        this.kafka = kafka;
        AdminClient admin = new AdminClient(baseUrl, LocalStackTestResource.ADMIN_TOKEN);
        this.a = side(admin, "a", "gpt-4o");
        this.b = side(admin, "b", "model-only-in-b-" + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(60)).until(() -> visible(a) && visible(b));
    }

    private Side side(AdminClient admin, String name, String model) {
        AdminClient.Workspace ws = admin.createWorkspace("walk-" + name);
        String suffix = name + "-" + UUID.randomUUID();
        String prompt = "You are the assistant of workspace " + suffix;
        String keyId = given().baseUri(baseUrl).header("Authorization", "Bearer " + LocalStackTestResource.ADMIN_TOKEN)
                .get("/v1/admin/workspaces/" + ws.id() + "/keys").then().statusCode(200).extract().path("items[0].id");
        Side side = new Side(ws, "conv-" + suffix, "call-" + suffix, "tool-" + suffix, "http-" + suffix,
                Hashing.sha256Hex(prompt), "assistant-" + suffix, model, keyId, "user-" + suffix, "tag-" + suffix);
        ConversationRef conv = new ConversationRef(side.conversation, "Subject " + suffix);
        AssistantRef assistant = new AssistantRef(side.assistant, null);
        Instant at = Instant.parse("2026-11-20T10:00:00Z");
        send(ws.id(), side.conversation, List.of(
                new LlmCallEvent(ws.id(), side.callId, conv, assistant, at, 100L, side.callId, "openai", model, prompt,
                        null, new LlmResponse("ok", null, List.of(new ToolCall("tc-" + suffix, "search",
                        JsonNodeFactory.instance.objectNode()))), "tool_calls", new Usage(10L, 5L, null, null, null, null),
                        null, null, null, null, new Labels(new UserRef(side.user, null), List.of(side.tag), null)),
                new ToolExecutionEvent(ws.id(), side.toolId, conv, assistant, at.plusSeconds(1), 50L, "tc-" + suffix,
                        side.callId, "search", null, null, null),
                new HttpRequestEvent(ws.id(), side.httpId, conv, assistant, at.plusSeconds(1), 20L, "web", "tc-" + suffix,
                        "GET", "https://example.com/", 200, null, null, null, null, null, null, null)));
        return side;
    }

    void send(String workspaceId, String conversation, List<? extends Event> events) {
        Map<String, Object> props = new java.util.HashMap<>(kafka);
        props.put("acks", "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (Event event : events) {
                producer.send(new ProducerRecord<>(Topics.EVENTS, Topics.eventKey(workspaceId, conversation),
                        Json.CANONICAL.writeValueAsBytes(event))).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean visible(Side side) {
        return given().baseUri(baseUrl).header("Authorization", "Bearer " + side.ws.readKey())
                .get("/v1/conversations/" + side.conversation).then().extract().statusCode() == 200
                && given().baseUri(baseUrl).header("Authorization", "Bearer " + side.ws.readKey())
                .get("/v1/conversations/" + side.conversation + "/timeline").then().extract().<List<?>>path("items").size() == 3;
    }
}
