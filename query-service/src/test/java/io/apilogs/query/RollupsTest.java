package io.apilogs.query;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.LocalStackTestResource;
import io.apilogs.model.Json;
import io.apilogs.model.Topics;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.Usage;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The writer's roll-ups on real Kafka and PostgreSQL: events written straight to the topic, read back over REST. */
@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class RollupsTest {
    @jakarta.inject.Inject
    @io.smallrye.common.annotation.Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    /** The stack's Kafka connection (bootstrap servers and SASL: the broker takes no other client) with {@code extra}. */
    private Map<String, Object> kafka(Map<String, Object> extra) {
        return io.apilogs.security.KafkaClients.connection(kafkaConfig, extra);
    }

    @TestHTTPResource("/")
    URL baseUrl;

    private LlmCallEvent call(String ws, String conv, String eventId, String subject, String assistant, String at, long durationMs) {
        return new LlmCallEvent(ws, eventId, new ConversationRef(conv, subject), new AssistantRef(assistant, null),
                Instant.parse(at), durationMs, null, "anthropic", "claude-haiku-4-5", null, null, null, "end_turn",
                new Usage(100L, 10L, null, null, null, null), null, null, null);
    }

    @Test
    void lateEventsExtendTheSpanAndTheLatestSubjectAndEarliestAssistantWin() throws Exception {
        AdminClient.Workspace ws = new AdminClient(baseUrl.toString().replaceAll("/$", ""), LocalStackTestResource.ADMIN_TOKEN)
                .createWorkspace("rollups");
        String conv = "conv-" + UUID.randomUUID();
        // Arrival order differs from startedAt order on purpose.
        LlmCallEvent middle = call(ws.id(), conv, "e2", "Second subject", "helper", "2026-11-25T10:05:00Z", 1000);
        LlmCallEvent latest = call(ws.id(), conv, "e3", "Final subject", "helper", "2026-11-25T10:09:00Z", 2000);
        LlmCallEvent earliest = call(ws.id(), conv, "e1", "First subject", "planner", "2026-11-25T10:00:00Z", 500);
        Map<String, Object> props = kafka(Map.of("acks", "all"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (LlmCallEvent event : new LlmCallEvent[]{middle, latest, earliest, middle}) {
                producer.send(new ProducerRecord<>(Topics.EVENTS, Topics.eventKey(ws.id(), conv), Json.CANONICAL.writeValueAsBytes(event))).get();
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().header("Authorization", "Bearer " + ws.readKey()).get("/v1/conversations/" + conv).then()
                        .statusCode(200).body("callCount", equalTo(3)));
        given().header("Authorization", "Bearer " + ws.readKey()).get("/v1/conversations/" + conv).then()
                .body("subject", equalTo("Final subject"))
                .body("assistant.id", equalTo("planner"))
                .body("firstAt", equalTo("2026-11-25T10:00:00.000Z"))
                .body("lastAt", equalTo("2026-11-25T10:09:02.000Z"))
                .body("durationMs", equalTo(542_000))
                .body("tokens.input", equalTo(300))
                // Haiku 4.5 at 1 / 5 USD per MTok: 3 x (100 x 1e-6 + 10 x 5e-6) = 0.00045.
                .body("costUsd", equalTo(0.00045f))
                .body("unpricedCallCount", equalTo(0));
        // seq follows commit order; the timeline is ordered by startedAt.
        given().header("Authorization", "Bearer " + ws.readKey()).get("/v1/conversations/" + conv + "/timeline").then()
                .body("items.id", equalTo(java.util.List.of("e1", "e2", "e3")))
                .body("items.seq", equalTo(java.util.List.of(3, 1, 2)));
    }
}
