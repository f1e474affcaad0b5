package io.apilogs.e2e;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * The whole path on real infrastructure: POST to the packaged ingest-service, through a real Kafka broker, into a
 * real PostgreSQL by the packaged query-service's writer, and back out of its HTTP API.
 */
@ExtendWith(SharedSystem.class)
class IngestToQueryIT {
    private static RunningSystem system;
    private static AdminClient.Workspace ws;
    private static String ingestUrl;
    private static String queryUrl;

    @BeforeAll
    static void setUp() {
        system = SharedSystem.system();
        ws = SharedSystem.newWorkspace("e2e");
        ingestUrl = system.ingest().baseUrl();
        queryUrl = system.query().baseUrl();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    static String llmCall(String eventId, String conversationId) {
        return """
                {"eventId":"%s","type":"llm_call",
                 "conversation":{"id":"%s","subject":"Draft a blog post"},
                 "assistant":{"id":"writer","name":"Blog Writer"},
                 "startedAt":"2026-11-25T20:01:15.123Z","durationMs":2500,
                 "provider":"anthropic","model":"claude-sonnet-4-5",
                 "systemPrompt":"You are a careful writer.",
                 "messages":[{"role":"user","content":"Write about tide pools"}],
                 "response":{"text":"Tide pools are small worlds.","thinking":"Start with an image.",
                             "toolCalls":[{"id":"toolu_01","name":"search","input":{"q":"tide pools"}}]},
                 "stopReason":"tool_use",
                 "usage":{"inputTokens":1200,"outputTokens":300,"cacheReadTokens":1000,"cacheWriteTokens":100},
                 "rateLimit":{"anthropic-ratelimit-requests-remaining":"49"}}
                """.formatted(eventId, conversationId);
    }

    static Response post(String key, String body) {
        return given().baseUri(ingestUrl).header("Authorization", "Bearer " + key).contentType("application/json")
                .body(body).post("/v1/events");
    }

    static Response read(String path) {
        return given().baseUri(queryUrl).header("Authorization", "Bearer " + ws.readKey()).get(path);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    @Test
    void postedCallShowsInActivityLogTimelineAndDetail() {
        String conv = unique("conv");
        String eventId = unique("evt");
        post(ws.ingestKey(), "{\"events\":[" + llmCall(eventId, conv) + "]}")
                .then().statusCode(202).body("accepted", equalTo(1)).body("rejected", equalTo(0)).body("errors", hasSize(0));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                read("/v1/conversations/" + conv).then().statusCode(200));

        read("/v1/conversations/" + conv).then()
                .body("conversationId", equalTo(conv))
                .body("subject", equalTo("Draft a blog post"))
                .body("assistant.id", equalTo("writer"))
                .body("assistant.name", equalTo("Blog Writer"))
                .body("callCount", equalTo(1))
                .body("tokens.input", equalTo(1200))
                .body("tokens.output", equalTo(300))
                .body("tokens.cacheRead", equalTo(1000))
                .body("tokens.cacheWrite", equalTo(100))
                .body("tokens.total", equalTo(1500))
                .body("firstAt", equalTo("2026-11-25T20:01:15.123Z"))
                .body("lastAt", equalTo("2026-11-25T20:01:17.623Z"))
                .body("durationMs", equalTo(2500))
                .body("models", equalTo(List.of("claude-sonnet-4-5")));

        List<Map<String, Object>> rows = read("/v1/conversations?limit=200").then().statusCode(200)
                .extract().jsonPath().getList("items");
        assertThat(rows).anySatisfy(row -> assertThat(row.get("conversationId")).isEqualTo(conv));

        read("/v1/conversations/" + conv + "/timeline").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].kind", equalTo("llm_call"))
                .body("items[0].id", equalTo(eventId))
                .body("items[0].seq", equalTo(1))
                .body("items[0].model", equalTo("claude-sonnet-4-5"))
                .body("items[0].stopReason", equalTo("tool_use"))
                .body("items[0].toolCalls[0].name", equalTo("search"))
                .body("items[0].durationMs", equalTo(2500))
                .body("nextCursor", nullValue());

        read("/v1/calls/" + eventId).then().statusCode(200)
                .body("callId", equalTo(eventId))
                .body("conversationId", equalTo(conv))
                .body("response.text", equalTo("Tide pools are small worlds."))
                .body("response.thinking", equalTo("Start with an image."))
                .body("response.toolCalls[0].input.q", equalTo("tide pools"))
                .body("systemPrompt.text", equalTo("You are a careful writer."))
                .body("systemPrompt.sha256", equalTo(Sha.sha256("You are a careful writer.")))
                .body("messages[0].content", equalTo("Write about tide pools"))
                .body("usage.inputTokens", equalTo(1200))
                .body("usage.reasoningTokens", nullValue())
                .body("rateLimit.headers.anthropic-ratelimit-requests-remaining", equalTo("49"));
    }

    @Test
    void sameEventPostedTwiceIsStoredOnce() {
        String conv = unique("conv");
        String eventId = unique("evt");
        String body = "{\"events\":[" + llmCall(eventId, conv) + "," + llmCall(eventId, conv) + "]}";
        post(ws.ingestKey(), body).then().statusCode(202).body("accepted", equalTo(2));
        post(ws.ingestKey(), body).then().statusCode(202).body("accepted", equalTo(2));
        // A later event in the same conversation proves the earlier ones were all processed.
        String marker = unique("evt");
        post(ws.ingestKey(), "{\"events\":[" + llmCall(marker, conv) + "]}").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                read("/v1/calls/" + marker).then().statusCode(200));
        read("/v1/conversations/" + conv).then().body("callCount", equalTo(2)).body("tokens.input", equalTo(2400));
        read("/v1/conversations/" + conv + "/timeline").then().body("items", hasSize(2))
                .body("items.seq", equalTo(List.of(1, 2)));
    }

    @Test
    void batchWithAnInvalidEventAcceptsTheValidOnesAs207() {
        String conv = unique("conv");
        String good = unique("evt");
        String bad = llmCall("e-bad", conv).replace("\"outputTokens\":300", "\"outputTokens\":-1");
        post(ws.ingestKey(), "{\"events\":[" + llmCall(good, conv) + "," + bad + ",{\"type\":\"llm_call\"}]}").then()
                .statusCode(207)
                .body("accepted", equalTo(1))
                .body("rejected", equalTo(2))
                .body("errors[0].index", equalTo(1))
                .body("errors[0].eventId", equalTo("e-bad"))
                .body("errors[0].errors[0].field", equalTo("usage.outputTokens"))
                .body("errors[0].errors[0].message", equalTo("must be >= 0"))
                .body("errors[1].index", equalTo(2))
                .body("errors[1].eventId", nullValue());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> read("/v1/calls/" + good).then().statusCode(200));
        read("/v1/calls/e-bad").then().statusCode(404);
        read("/v1/conversations/" + conv).then().body("callCount", equalTo(1));
    }

    @Test
    void keysAreCheckedByScopeAndWorkspace() {
        String body = "{\"events\":[" + llmCall(unique("evt"), unique("conv")) + "]}";
        given().baseUri(ingestUrl).contentType("application/json").body(body).post("/v1/events").then()
                .statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        post("al_ingest_doesnotexist0000000000000000000", body).then().statusCode(401);
        post(ws.readKey(), body).then().statusCode(403).contentType("application/problem+json");
        given().baseUri(queryUrl).header("Authorization", "Bearer " + ws.ingestKey()).get("/v1/conversations").then().statusCode(403);
        given().baseUri(queryUrl).get("/v1/conversations").then().statusCode(401).contentType("application/problem+json");

        // Another workspace's call is not found, exactly like a call that does not exist.
        String eventId = unique("evt");
        post(ws.ingestKey(), "{\"events\":[" + llmCall(eventId, unique("conv")) + "]}").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> read("/v1/calls/" + eventId).then().statusCode(200));
        AdminClient.Workspace other = system.admin().createWorkspace("other");
        given().baseUri(queryUrl).header("Authorization", "Bearer " + other.readKey()).get("/v1/calls/" + eventId).then().statusCode(404);
    }

    @Test
    void malformedRequestsAreRefusedWithProblemJson() {
        post(ws.ingestKey(), "not json").then().statusCode(400).contentType("application/problem+json");
        post(ws.ingestKey(), "[1,2]").then().statusCode(400);
        post(ws.ingestKey(), "{}").then().statusCode(400).body("errors[0].field", equalTo("events"));
        post(ws.ingestKey(), "{\"events\":[]}").then().statusCode(400).body("errors[0].field", equalTo("events"));
        post(ws.ingestKey(), "{\"events\":{}}").then().statusCode(400).body("errors[0].field", equalTo("events"));
        String deep = "[".repeat(100) + "]".repeat(100);
        post(ws.ingestKey(), "{\"events\":" + deep + "}").then().statusCode(400);
        String tooMany = "{\"events\":[" + String.join(",", java.util.Collections.nCopies(1001, "{}")) + "]}";
        post(ws.ingestKey(), tooMany).then().statusCode(400).body("errors[0].field", equalTo("events"));
        given().baseUri(ingestUrl).header("Authorization", "Bearer " + ws.ingestKey()).contentType("text/plain")
                .body("{}").post("/v1/events").then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void oversizedBodyIsRefusedWith413() {
        String big = "{\"events\":[{\"pad\":\"" + "x".repeat(6 * 1024 * 1024) + "\"}]}";
        post(ws.ingestKey(), big).then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void oversizedChunkedBodyIsRefusedWhileReading() throws Exception {
        // No Content-Length: the limit must hold while the body streams in.
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        long total = 64L * 1024 * 1024;
        java.util.concurrent.atomic.AtomicLong sentBytes = new java.util.concurrent.atomic.AtomicLong();
        java.io.InputStream endless = new java.io.InputStream() {
            private long sent;

            @Override
            public int read() {
                return sent++ < 64L * 1024 * 1024 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= 64L * 1024 * 1024) {
                    return -1;
                }
                int n = Math.min(len, chunk.length);
                System.arraycopy(chunk, 0, b, off, n);
                sent += n;
                sentBytes.set(sent);
                return n;
            }
        };
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(ingestUrl + "/v1/events"))
                .header("Authorization", "Bearer " + ws.ingestKey()).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> endless)).build();
        try {
            assertThat(client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);
        } catch (java.io.IOException e) {
            // The server answered and closed the connection before the client finished sending: it stopped reading early.
            assertThat(sentBytes.get()).isLessThan(total);
        }
    }

    @Test
    void poisonEventsGoToTheDeadLetterTopicAndLaterEventsStillFlow() throws Exception {
        String conv = unique("conv");
        String poisonId = unique("evt");
        // Written straight to the topic, past ingest's validation: PostgreSQL text cannot hold U+0000.
        String poison = ("{\"type\":\"llm_call\",\"workspaceId\":\"" + ws.id() + "\",\"eventId\":\"" + poisonId + "\","
                + "\"callId\":\"" + poisonId + "\",\"conversation\":{\"id\":\"" + conv + "\"},\"assistant\":{\"id\":\"a\"},"
                + "\"startedAt\":\"2026-11-25T20:00:00Z\",\"model\":\"m\",\"response\":{\"text\":\"bad\\u0000text\"},"
                + "\"usage\":{},\"messages\":[]}");
        // The broker takes authenticated clients only: this one holds the stack's credential, as a compromised
        // service would; what it writes skips ingest's checks, and the writer's own checks must catch it.
        java.util.Map<String, Object> props = withKafka(java.util.Map.of(
                "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
                "value.serializer", "org.apache.kafka.common.serialization.StringSerializer"));
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(props)) {
            String key = ws.id() + ":" + conv;
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("apilogs.events", key, "not json at all")).get();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("apilogs.events", key, poison)).get();
        }
        // A second llm_call claiming a callId already stored under another eventId is dead-lettered too.
        String clash = llmCall(unique("evt"), conv).replace("\"type\":\"llm_call\",", "\"type\":\"llm_call\",\"callId\":\"" + poisonId + "-taken\",");
        String owner = llmCall(unique("evt"), conv).replace("\"type\":\"llm_call\",", "\"type\":\"llm_call\",\"callId\":\"" + poisonId + "-taken\",");
        post(ws.ingestKey(), "{\"events\":[" + owner + "]}").then().statusCode(202);
        post(ws.ingestKey(), "{\"events\":[" + clash + "]}").then().statusCode(202);
        String after = unique("evt");
        post(ws.ingestKey(), "{\"events\":[" + llmCall(after, conv) + "]}").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> read("/v1/calls/" + after).then().statusCode(200));
        read("/v1/calls/" + poisonId).then().statusCode(404);
        read("/v1/conversations/" + conv).then().body("callCount", equalTo(2));

        java.util.Map<String, Object> consumerProps = withKafka(java.util.Map.of(
                "group.id", unique("dlq-reader"),
                "auto.offset.reset", "earliest",
                "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
                "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer"));
        java.util.List<String> reasons = new java.util.ArrayList<>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(consumerProps)) {
            consumer.subscribe(List.of("apilogs.events.dlq"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && record.key().endsWith(conv)) {
                        reasons.add(new String(record.headers().lastHeader("dead-letter-reason").value(), java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
                return reasons.size() >= 3;
            });
        }
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("undecodable event"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("the event cannot be stored"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).contains("is already stored under another eventId"));
    }

    /** The stack's Kafka client settings (bootstrap servers and SASL) with {@code extra}. */
    private static java.util.Map<String, Object> withKafka(java.util.Map<String, Object> extra) {
        java.util.Map<String, Object> config = new java.util.HashMap<>(system.stack().kafkaClientConfig());
        config.putAll(extra);
        return config;
    }
}
