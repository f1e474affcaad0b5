package io.apilogs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's batching, retries and buffer policy against a stub of the ingest endpoint (the server is the one
 * thing stubbed here; the real stack is exercised by e2e-tests' ClientIT).
 */
class ApiLogsClientTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private HttpServer server;
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();
    /** Statuses to answer, in order; 202 once they run out. */
    private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/events", exchange -> {
            requests.incrementAndGet();
            JsonNode body = MAPPER.readTree(exchange.getRequestBody());
            List<String> ids = new ArrayList<>();
            body.path("events").forEach(e -> ids.add(e.path("eventId").asText()));
            Integer status = script.poll();
            int code = status == null ? 202 : status;
            String answer;
            if (code == 202) {
                batches.add(ids);
                body.path("events").forEach(received::add);
                answer = "{\"accepted\":" + ids.size() + ",\"rejected\":0,\"errors\":[]}";
            } else if (code == 207) {
                batches.add(ids);
                answer = "{\"accepted\":" + (ids.size() - 1) + ",\"rejected\":1,\"errors\":[{\"index\":0,\"eventId\":\"" + ids.get(0)
                        + "\",\"errors\":[{\"field\":\"model\",\"message\":\"is required\"}]}]}";
            } else {
                if (code == 429) {
                    exchange.getResponseHeaders().add("Retry-After", "1");
                }
                answer = "{\"status\":" + code + "}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ApiLogsClient.Builder client() {
        return ApiLogsClient.builder("http://127.0.0.1:" + server.getAddress().getPort(), "al_ingest_test")
                .shutdownHook(false).backoff(Duration.ofMillis(10), Duration.ofMillis(50)).flushInterval(Duration.ofMillis(50));
    }

    private static List<String> all(List<List<String>> batches) {
        List<String> ids = new ArrayList<>();
        batches.forEach(ids::addAll);
        return ids;
    }

    @Test
    void batchesBySizeAndFlushesTheRest() {
        try (ApiLogsClient logs = client().batchSize(10).build()) {
            for (int i = 0; i < 25; i++) {
                logs.log(LlmCall.of("c", "a", "gpt-4o").eventId("e" + i).event());
            }
            assertThat(logs.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(all(batches)).hasSize(25).doesNotHaveDuplicates();
            assertThat(batches).allMatch(b -> b.size() <= 10);
            assertThat(logs.stats().acknowledged()).isEqualTo(25);
        }
    }

    @Test
    void aConversationPutsItsUserTagsAndMetadataOnEveryEventItLogs() throws Exception {
        try (ApiLogsClient logs = client().build()) {
            Conversation conversation = logs.conversation("c-7", "support").user("cust-1", null).tags("refund").metadata("plan", "pro");
            conversation.log(conversation.call("gpt-4o").user("cust-2", "Bea").tags("urgent").metadata("plan", "team").metadata("n", 1.5));
            Conversation.Tool tool = conversation.tool("call_1", "lookup", null);
            tool.http("GET", "https://example.test/orders/1", 200, null, null, null, null, java.time.Instant.now(), 3);
            tool.done(MAPPER.readTree("{}"), MAPPER.readTree("{}"));
            assertThat(logs.flush(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(received).hasSize(3);
        JsonNode call = received.get(0);
        assertThat(call.path("user").path("id").asText()).as("the call's own user wins").isEqualTo("cust-2");
        assertThat(call.path("tags").toString()).isEqualTo("[\"refund\",\"urgent\"]");
        assertThat(call.path("metadata").toString()).isEqualTo("{\"plan\":\"team\",\"n\":1.5}");
        for (JsonNode other : received.subList(1, 3)) {
            assertThat(other.path("user").toString()).isEqualTo("{\"id\":\"cust-1\"}");
            assertThat(other.path("tags").toString()).isEqualTo("[\"refund\"]");
            assertThat(other.path("metadata").toString()).isEqualTo("{\"plan\":\"pro\"}");
        }
    }

    @Test
    void retriesOn503And429WithTheSameEventIds() {
        script.addAll(List.of(503, 503, 429));
        try (ApiLogsClient logs = client().build()) {
            logs.log(LlmCall.of("c", "a", "gpt-4o").event());
            logs.log(LlmCall.of("c", "a", "gpt-4o").event());
            assertThat(logs.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(requests.get()).isEqualTo(4);
            assertThat(batches).hasSize(1);
            assertThat(batches.get(0)).hasSize(2).allMatch(id -> !id.isBlank());
            assertThat(logs.stats().retries()).isEqualTo(3);
            assertThat(logs.stats().acknowledged()).isEqualTo(2);
        }
    }

    @Test
    void aRefusalIsNotRetriedAndIsReported() {
        List<String> refused = Collections.synchronizedList(new ArrayList<>());
        script.addAll(List.of(400, 207));
        ClientListener listener = new ClientListener() {
            @Override
            public void refused(List<String> eventIds, int status, String detail) {
                refused.addAll(eventIds);
            }
        };
        try (ApiLogsClient logs = client().listener(listener).batchSize(1).build()) {
            logs.log(LlmCall.of("c", "a", "gpt-4o").eventId("bad-batch").event());
            assertThat(logs.flush(Duration.ofSeconds(10))).isTrue();
            logs.log(LlmCall.of("c", "a", "gpt-4o").eventId("bad-event").event());
            assertThat(logs.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(requests.get()).isEqualTo(2);
            assertThat(refused).containsExactly("bad-batch", "bad-event");
            assertThat(logs.stats().refused()).isEqualTo(2);
        }
    }

    @Test
    void aFullBufferDropsTheOldestAndCountsIt() {
        server.stop(0);
        List<String> dropped = Collections.synchronizedList(new ArrayList<>());
        ClientListener listener = new ClientListener() {
            @Override
            public void dropped(List<String> eventIds, String why) {
                dropped.addAll(eventIds);
            }
        };
        ApiLogsClient logs = client().bufferSize(5).batchSize(1).closeTimeout(Duration.ofMillis(300)).listener(listener).build();
        // The server is unreachable, and logging goes on: the buffer makes room by dropping the oldest.
        for (int i = 0; i < 50; i++) {
            logs.log(LlmCall.of("c", "a", "gpt-4o").eventId("e" + i).event());
        }
        assertThat(logs.stats().dropped()).isGreaterThanOrEqualTo(50 - 5 - 1);
        logs.close();
        ClientStats stats = logs.stats();
        assertThat(stats.logged()).isEqualTo(50);
        assertThat(stats.dropped()).isEqualTo(50);
        assertThat(dropped).contains("e0", "e49");
    }

    @Test
    void aConversationScopeLogsCallsToolsAndTheirHttpCallsIntoIt() throws Exception {
        try (ApiLogsClient logs = client().build()) {
            Conversation conversation = logs.conversation("conv-7", "shop-bot");
            try (AutoCloseable open = conversation.open()) {
                Conversation.current().log(Conversation.current().call("gpt-4o").callId("call-1").usage(10, 2)
                        .toolCall("toolu_9", "lookup", MAPPER.readTree("{\"sku\":\"A1\"}")));
                Conversation.Tool tool = conversation.tool("toolu_9", "lookup", "call-1");
                try (AutoCloseable running = tool.open()) {
                    // Deep in the tool's code: no conversation or tool passed down, found from the thread.
                    Conversation.currentTool().http("GET", "https://shop.example/api?sku=A1", 200, java.util.Map.of("accept", "json"),
                            null, null, MAPPER.readTree("{\"stock\":3}"), java.time.Instant.now(), 40);
                }
                tool.done(MAPPER.readTree("{\"sku\":\"A1\"}"), MAPPER.readTree("{\"stock\":3}"));
            }
            assertThat(Conversation.current()).isNull();
            assertThat(logs.flush(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(received).extracting(e -> e.path("type").asText()).containsExactly("llm_call", "http_request", "tool_execution");
        assertThat(received).allMatch(e -> e.path("conversation").path("id").asText().equals("conv-7")
                && e.path("assistant").path("id").asText().equals("shop-bot"));
        assertThat(received.get(1).path("toolCallId").asText()).isEqualTo("toolu_9");
        assertThat(received.get(1).path("plugin").asText()).isEqualTo("lookup");
        assertThat(received.get(2).path("callId").asText()).isEqualTo("call-1");
        assertThat(received.get(2).path("result").path("stock").asInt()).isEqualTo(3);
    }

    @Test
    void aRawCallCarriesThePayloadsAndTheResponseHeaders() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode event = RawCall.anthropic("c", "a",
                MAPPER.readTree("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"messages\":[]}"),
                MAPPER.readTree("{\"type\":\"message\",\"content\":[]}"),
                java.util.Map.of("anthropic-ratelimit-requests-remaining", List.of("49")), java.time.Instant.parse("2026-12-01T10:00:00Z"), 900);
        assertThat(event.path("raw").path("format").asText()).isEqualTo("anthropic.messages");
        assertThat(event.path("raw").path("request").path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(event.path("raw").path("responseHeaders").path("anthropic-ratelimit-requests-remaining").asText()).isEqualTo("49");
        assertThat(event.path("durationMs").asLong()).isEqualTo(900);
    }
}
