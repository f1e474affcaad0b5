package io.apilogs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import io.apilogs.localstack.ServiceProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Live timelines and the live activity log over SSE, on the real stack, including a second, read-only instance. */
@ExtendWith(SharedSystem.class)
class LiveIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static RunningSystem system;
    private static AdminClient.Workspace ws;

    @BeforeAll
    static void setUp() {
        system = SharedSystem.system();
        ws = SharedSystem.newWorkspace("live");
    }

    private static void post(String conv, String assistant, int... numbers) {
        List<String> events = new ArrayList<>();
        for (int n : numbers) {
            events.add("""
                    {"eventId":"%s-%d","type":"llm_call","conversation":{"id":"%s","subject":"Live %s"},"assistant":{"id":"%s"},
                     "startedAt":"2026-11-25T10:00:%02dZ","durationMs":100,"model":"gpt-4o","usage":{"inputTokens":10,"outputTokens":1}}"""
                    .formatted(conv, n, conv, conv, assistant, n % 60));
        }
        given().baseUri(system.ingest().baseUrl()).header("Authorization", "Bearer " + ws.ingestKey()).contentType("application/json")
                .body("{\"events\":[" + String.join(",", events) + "]}").post("/v1/events").then().statusCode(202);
    }

    private static Map<String, String> readKey() {
        return Map.of("Authorization", "Bearer " + ws.readKey());
    }

    private static List<SseClient.Event> take(SseClient client, int count) throws InterruptedException {
        List<SseClient.Event> events = new ArrayList<>();
        while (events.size() < count) {
            SseClient.Event event = client.next(WAIT);
            assertThat(event).as("event %d of %d", events.size() + 1, count).isNotNull();
            events.add(event);
        }
        return events;
    }

    @Test
    void timelineStreamSendsCommittedItemsInSeqOrderAndResumesWithoutGapsOrDuplicates() throws Exception {
        String conv = "live-" + UUID.randomUUID();
        String url = system.query().baseUrl() + "/v1/conversations/" + conv + "/timeline/stream";
        try (SseClient client = new SseClient(url, readKey())) {
            assertThat(client.status()).isEqualTo(200);
            post(conv, "a", 1, 2, 3);
            List<SseClient.Event> events = take(client, 3);
            assertThat(events).extracting(SseClient.Event::id).containsExactly("1", "2", "3");
            assertThat(events).extracting(SseClient.Event::event).containsOnly("item");
            JsonNode first = JSON.readTree(events.get(0).data());
            assertThat(first.get("kind").asText()).isEqualTo("llm_call");
            assertThat(first.get("id").asText()).isEqualTo(conv + "-1");
            // Seen on the stream means fetchable at once.
            given().baseUri(system.query().baseUrl()).headers(readKey()).get("/v1/calls/" + conv + "-3").then().statusCode(200);
        }
        post(conv, "a", 4, 5);
        Map<String, String> resume = new LinkedHashMap<>(readKey());
        resume.put("Last-Event-ID", "3");
        try (SseClient client = new SseClient(url + "?after=1", resume)) {
            assertThat(take(client, 2)).extracting(SseClient.Event::id).containsExactly("4", "5");
            post(conv, "a", 6);
            assertThat(take(client, 1)).extracting(SseClient.Event::id).containsExactly("6");
            assertThat(client.next(Duration.ofSeconds(2))).isNull();
        }
        try (SseClient client = new SseClient(url + "?after=4", readKey())) {
            assertThat(take(client, 2)).extracting(SseClient.Event::id).containsExactly("5", "6");
        }
    }

    @Test
    void aReadOnlyInstanceStreamsEveryItemOnceInCommitOrder() throws Exception {
        Path root = Path.of(System.getProperty("apilogs.root", "..")).toAbsolutePath().normalize();
        Map<String, String> env = new LinkedHashMap<>(system.stack().serviceEnvironment());
        env.put("APILOGS_ADMIN_TOKEN", "unused-operator-token-of-the-replica-0000");
        env.put("APILOGS_WRITER_ENABLED", "false");
        try (ServiceProcess replica = ServiceProcess.start(root, "query-service", SharedSystem.freePort(), env,
                root.resolve("e2e-tests/target/replica-" + UUID.randomUUID()))) {
            replica.awaitReady(Duration.ofSeconds(90));
            String conv = "replica-" + UUID.randomUUID();
            String token = given().baseUri(replica.baseUrl()).headers(readKey()).post("/v1/stream-tokens")
                    .then().statusCode(201).extract().path("token");
            try (SseClient client = new SseClient(replica.baseUrl() + "/v1/conversations/" + conv + "/timeline/stream?streamToken=" + token, Map.of())) {
                assertThat(client.status()).isEqualTo(200);
                for (int batch = 0; batch < 5; batch++) {
                    post(conv, "a", batch * 4 + 1, batch * 4 + 2, batch * 4 + 3, batch * 4 + 4);
                }
                List<String> ids = take(client, 20).stream().map(SseClient.Event::id).toList();
                List<String> expected = new ArrayList<>();
                for (int i = 1; i <= 20; i++) {
                    expected.add(Integer.toString(i));
                }
                assertThat(ids).containsExactlyElementsOf(expected);
                assertThat(client.next(Duration.ofSeconds(2))).isNull();
            }
        }
    }

    @Test
    void activityStreamSendsRowsOfMatchingConversationsAsTheyChange() throws Exception {
        String mine = "act-" + UUID.randomUUID();
        String other = "act-" + UUID.randomUUID();
        try (SseClient client = new SseClient(system.query().baseUrl() + "/v1/activity/stream?assistant=watched", readKey())) {
            assertThat(client.status()).isEqualTo(200);
            post(other, "someone-else", 1);
            post(mine, "watched", 1);
            SseClient.Event event = client.next(WAIT);
            assertThat(event).isNotNull();
            assertThat(event.event()).isEqualTo("conversation");
            JsonNode row = JSON.readTree(event.data());
            assertThat(row.get("conversationId").asText()).isEqualTo(mine);
            assertThat(row.get("callCount").asInt()).isEqualTo(1);
            post(mine, "watched", 2);
            assertThat(JSON.readTree(client.next(WAIT).data()).get("callCount").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAndMemoryStaysBounded() throws Exception {
        String conv = "slow-" + UUID.randomUUID();
        URI uri = URI.create(system.query().baseUrl());
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setReceiveBufferSize(4096);
            socket.getOutputStream().write(("GET /v1/conversations/" + conv + "/timeline/stream HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: text/event-stream\r\nAuthorization: Bearer " + ws.readKey() + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // The client reads nothing while far more than the per-subscriber buffer is committed.
            String padding = "x".repeat(2000);
            for (int batch = 0; batch < 8; batch++) {
                StringBuilder body = new StringBuilder("{\"events\":[");
                for (int i = 0; i < 1000; i++) {
                    body.append(i == 0 ? "" : ",").append("{\"eventId\":\"").append(conv).append('-').append(batch).append('-').append(i)
                            .append("\",\"type\":\"llm_call\",\"conversation\":{\"id\":\"").append(conv)
                            .append("\"},\"assistant\":{\"id\":\"a\"},\"startedAt\":\"2026-11-25T10:00:00Z\",\"model\":\"gpt-4o\",")
                            .append("\"stopReason\":\"").append(padding).append("\"}");
                }
                given().baseUri(system.ingest().baseUrl()).header("Authorization", "Bearer " + ws.ingestKey()).contentType("application/json")
                        .body(body.append("]}").toString()).post("/v1/events").then().statusCode(202);
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(system.query().baseUrl()).headers(readKey())
                    .get("/v1/conversations/" + conv).then().statusCode(200).body("callCount", org.hamcrest.Matchers.equalTo(8000)));
            // Now drain: the server must have closed the stream, so the read ends well before 8,000 items arrive.
            socket.setSoTimeout(30_000);
            java.io.InputStream in = socket.getInputStream();
            byte[] buffer = new byte[65536];
            long total = 0;
            int read;
            while ((read = in.read(buffer)) >= 0) {
                total += read;
            }
            assertThat(total).isLessThan(8_000L * 2000);
        }
    }

    @Test
    void streamsNeedAReadKeyOrAFreshStreamToken() throws Exception {
        String url = system.query().baseUrl() + "/v1/conversations/x/timeline/stream";
        try (SseClient none = new SseClient(url, Map.of())) {
            assertThat(none.status()).isEqualTo(401);
        }
        try (SseClient bad = new SseClient(url + "?streamToken=forged.token", Map.of())) {
            assertThat(bad.status()).isEqualTo(401);
        }
        try (SseClient ingest = new SseClient(url, Map.of("Authorization", "Bearer " + ws.ingestKey()))) {
            assertThat(ingest.status()).isEqualTo(403);
        }
        given().baseUri(system.query().baseUrl()).post("/v1/stream-tokens").then().statusCode(401);
        given().baseUri(system.query().baseUrl()).headers(readKey()).get("/v1/conversations/x/timeline/stream?after=-1")
                .then().statusCode(400);
        // A token opens streams only: not the REST reads.
        String token = given().baseUri(system.query().baseUrl()).headers(readKey()).post("/v1/stream-tokens")
                .then().statusCode(201).extract().path("token");
        given().baseUri(system.query().baseUrl()).get("/v1/conversations?streamToken=" + token).then().statusCode(401);
    }
}
