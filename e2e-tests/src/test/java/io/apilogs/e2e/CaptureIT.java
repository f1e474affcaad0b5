package io.apilogs.e2e;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;

/** Every event type and every captured field, through the real stack and back out of the query API. */
@ExtendWith(SharedSystem.class)
class CaptureIT {
    private static RunningSystem system;
    private static AdminClient.Workspace ws;

    @BeforeAll
    static void setUp() {
        system = SharedSystem.system();
        ws = SharedSystem.newWorkspace("capture");
    }

    private static Response post(String... events) {
        return given().baseUri(system.ingest().baseUrl()).header("Authorization", "Bearer " + ws.ingestKey())
                .contentType("application/json").body("{\"events\":[" + String.join(",", events) + "]}").post("/v1/events");
    }

    private static Response read(String path) {
        return given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.readKey()).get(path);
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static void awaitCall(String callId) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> read("/v1/calls/" + callId).then().statusCode(200));
    }

    @Test
    void toolExecutionsAndHttpRequestsJoinTheTimelineAndTheCallDetail() {
        String conv = id("conv");
        String call = id("call");
        String tool = id("tool");
        String http = id("http");
        String meta = id("meta");
        post("""
                {"eventId":"%s","type":"llm_call","conversation":{"id":"%s","subject":"Publish the post"},
                 "assistant":{"id":"wp-bot","name":"WP Bot"},"startedAt":"2026-11-25T10:00:00Z","durationMs":1000,
                 "model":"claude-haiku-4-5","systemPrompt":"You publish posts.",
                 "response":{"toolCalls":[{"id":"toolu_77","name":"wordpress_create_post","input":{"title":"Hi"}}]},
                 "stopReason":"tool_use","usage":{"inputTokens":1000,"outputTokens":100}}""".formatted(call, conv),
                """
                {"eventId":"%s","type":"http_request","conversation":{"id":"%s"},"assistant":{"id":"wp-bot"},
                 "startedAt":"2026-11-25T10:00:01.500Z","durationMs":300,"plugin":"wordpress","toolCallId":"toolu_77",
                 "method":"POST","url":"https://blog.example/wp-json/wp/v2/posts?api_key=s3cr3t&status=draft",
                 "statusCode":500,"requestHeaders":{"Authorization":"Basic dXNlcjpwYXNz","Content-Type":"application/json"},
                 "responseHeaders":{"Set-Cookie":"sid=abc","Content-Type":"application/json"},
                 "requestBody":{"title":"Hi","password":"hunter2","max_tokens":5},"responseBody":"{\\"code\\":\\"internal\\"}"}""".formatted(http, conv),
                """
                {"eventId":"%s","type":"tool_execution","conversation":{"id":"%s"},"assistant":{"id":"wp-bot"},
                 "startedAt":"2026-11-25T10:00:01Z","durationMs":900,"toolCallId":"toolu_77","toolName":"wordpress_create_post",
                 "input":{"title":"Hi"},"result":{"error":"server error"},"error":"WordPress answered 500"}""".formatted(tool, conv),
                """
                {"eventId":"%s","type":"conversation","conversation":{"id":"%s","subject":"Publish the tide-pool post"},
                 "assistant":{"id":"wp-bot","name":"WordPress Bot"},"startedAt":"2026-11-25T10:05:00Z"}""".formatted(meta, conv))
                .then().statusCode(202).body("accepted", equalTo(4));
        awaitCall(call);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> read("/v1/conversations/" + conv).then()
                .body("subject", equalTo("Publish the tide-pool post")));

        read("/v1/conversations/" + conv).then()
                .body("callCount", equalTo(1)).body("toolCount", equalTo(1)).body("httpCount", equalTo(1))
                .body("errorCount", equalTo(2))
                .body("assistant.name", equalTo("WordPress Bot"))
                .body("firstAt", equalTo("2026-11-25T10:00:00.000Z"))
                .body("lastAt", equalTo("2026-11-25T10:00:01.900Z"));

        read("/v1/conversations/" + conv + "/timeline").then()
                .body("items.kind", equalTo(List.of("llm_call", "tool_execution", "http_request")))
                .body("items[1].toolName", equalTo("wordpress_create_post"))
                .body("items[1].toolCallId", equalTo("toolu_77"))
                .body("items[1].error.message", equalTo("WordPress answered 500"))
                .body("items[2].method", equalTo("POST"))
                .body("items[2].statusCode", equalTo(500))
                .body("items[2].url", containsString("api_key=[REDACTED]"))
                .body("items[0].toolCalls[0].id", equalTo("toolu_77"));

        read("/v1/calls/" + call).then()
                .body("toolExecutions", hasSize(1))
                .body("toolExecutions[0].id", equalTo(tool))
                .body("toolExecutions[0].callId", equalTo(call))
                .body("toolExecutions[0].input.title", equalTo("Hi"))
                .body("toolExecutions[0].result.error", equalTo("server error"))
                .body("toolExecutions[0].durationMs", equalTo(900))
                .body("httpRequests", hasSize(1))
                .body("httpRequests[0].id", equalTo(http));

        read("/v1/tool-executions/" + tool).then().statusCode(200).body("callId", equalTo(call)).body("conversationId", equalTo(conv));
        read("/v1/http-requests/" + http).then().statusCode(200)
                .body("plugin", equalTo("wordpress"))
                .body("url", equalTo("https://blog.example/wp-json/wp/v2/posts?api_key=[REDACTED]&status=draft"))
                .body("requestHeaders.Authorization", equalTo("[REDACTED]"))
                .body("requestHeaders.Content-Type", equalTo("application/json"))
                .body("responseHeaders.Set-Cookie", equalTo("[REDACTED]"))
                .body("requestBody.password", equalTo("[REDACTED]"))
                .body("requestBody.max_tokens", equalTo(5))
                .body("requestBodyBytes", equalTo("{\"title\":\"Hi\",\"password\":\"hunter2\",\"max_tokens\":5}".length()))
                .body("responseBody", equalTo("{\"code\":\"internal\"}"));
        read("/v1/tool-executions/" + http).then().statusCode(404);
        read("/v1/http-requests/" + tool).then().statusCode(404);
    }

    @Test
    void systemPromptIsStoredOnceAndCountsItsCalls() {
        String conv = id("conv");
        String prompt = "You are a prompt shared by two calls " + UUID.randomUUID();
        String first = id("call");
        String second = id("call");
        String event = """
                {"eventId":"%s","type":"llm_call","conversation":{"id":"%s"},"assistant":{"id":"a"},
                 "startedAt":"2026-11-25T10:00:00Z","model":"gpt-4o","systemPrompt":"%s"}""";
        post(event.formatted(first, conv, prompt), event.formatted(second, conv, prompt)).then().statusCode(202);
        awaitCall(second);
        String sha = Sha.sha256(prompt);
        read("/v1/calls/" + first).then().body("systemPrompt.sha256", equalTo(sha)).body("systemPrompt.text", equalTo(prompt));
        read("/v1/prompts/" + sha).then().statusCode(200).body("text", equalTo(prompt)).body("callCount", equalTo(2))
                .body("firstSeenAt", equalTo("2026-11-25T10:00:00.000Z"));
        read("/v1/prompts/" + "0".repeat(64)).then().statusCode(404);
    }
}
