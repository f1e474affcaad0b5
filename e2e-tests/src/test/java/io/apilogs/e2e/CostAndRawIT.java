package io.apilogs.e2e;

import io.apilogs.localstack.AdminClient;
import io.apilogs.localstack.RunningSystem;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/** Costs, workspace prices, repricing, raw provider payloads and rate limits, through the real stack. */
@ExtendWith(SharedSystem.class)
class CostAndRawIT {
    private static RunningSystem system;

    @BeforeAll
    static void setUp() {
        system = SharedSystem.system();
    }

    private static Response post(AdminClient.Workspace ws, String... events) {
        return given().baseUri(system.ingest().baseUrl()).header("Authorization", "Bearer " + ws.ingestKey())
                .contentType("application/json").body("{\"events\":[" + String.join(",", events) + "]}").post("/v1/events");
    }

    private static Response read(AdminClient.Workspace ws, String path) {
        return given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.readKey()).get(path);
    }

    private static void awaitCall(AdminClient.Workspace ws, String callId) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> read(ws, "/v1/calls/" + callId).then().statusCode(200));
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static String haikuCall(String eventId, String conv) {
        return """
                {"eventId":"%s","type":"llm_call","conversation":{"id":"%s"},"assistant":{"id":"a"},
                 "startedAt":"2026-11-25T10:00:00Z","durationMs":500,"model":"claude-haiku-4-5",
                 "usage":{"inputTokens":1000,"outputTokens":100,"cacheReadTokens":500,"cacheWriteTokens":200,"cacheWrite1hTokens":50}}"""
                .formatted(eventId, conv);
    }

    @Test
    void defaultPricesWorkspaceOverridesAndRepricingKeepTheRollUpsExact() {
        AdminClient.Workspace ws = SharedSystem.newWorkspace("pricing");
        String conv = id("conv");
        String priced = id("call");
        String client = id("call");
        String unknown = id("call");
        post(ws, haikuCall(priced, conv),
                """
                {"eventId":"%s","type":"llm_call","conversation":{"id":"%s"},"assistant":{"id":"a"},
                 "startedAt":"2026-11-25T10:01:00Z","model":"claude-haiku-4-5","costUsd":0.5,
                 "usage":{"inputTokens":10,"outputTokens":10}}""".formatted(client, conv),
                """
                {"eventId":"%s","type":"llm_call","conversation":{"id":"%s"},"assistant":{"id":"a"},
                 "startedAt":"2026-11-25T10:02:00Z","model":"my-local-llama","usage":{"inputTokens":10,"outputTokens":10}}"""
                        .formatted(unknown, conv)).then().statusCode(202);
        awaitCall(ws, unknown);

        // Haiku 4.5: input 1, 5m write 1.25, 1h write 2, read 0.10, output 5 per MTok.
        // input 300 x 1e-6 = 0.0003; read 500 x 0.1e-6 = 0.00005; write 150 x 1.25e-6 + 50 x 2e-6 = 0.0002875;
        // output 100 x 5e-6 = 0.0005; total 0.0011375.
        read(ws, "/v1/calls/" + priced).then()
                .body("costUsd", equalTo(0.0011375f))
                .body("cost.input", equalTo(0.0003f))
                .body("cost.cacheRead", equalTo(0.00005f))
                .body("cost.cacheWrite", equalTo(0.0002875f))
                .body("cost.output", equalTo(0.0005f))
                .body("cost.priceSource", equalTo("default"));
        read(ws, "/v1/calls/" + client).then().body("costUsd", equalTo(0.5f)).body("cost.priceSource", equalTo("client"))
                .body("cost.input", nullValue());
        read(ws, "/v1/calls/" + unknown).then().body("costUsd", nullValue()).body("cost.priceSource", equalTo("unknown-model"));
        read(ws, "/v1/conversations/" + conv).then().body("costUsd", equalTo(0.5011375f)).body("unpricedCallCount", equalTo(1));
        read(ws, "/v1/pricing").then().statusCode(200).body("items.model", hasItem("claude-sonnet-4-5"));

        // A workspace price: a read key may not set it, the workspace's admin key may.
        String price = "{\"inputPerMTok\":2,\"outputPerMTok\":10}";
        given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.readKey()).contentType("application/json")
                .body(price).put("/v1/admin/prices/claude-haiku-4-5").then().statusCode(403);
        given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.adminKey()).contentType("application/json")
                .body("{\"outputPerMTok\":10}").put("/v1/admin/prices/claude-haiku-4-5").then().statusCode(400)
                .body("errors[0].field", equalTo("inputPerMTok"));
        given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.adminKey()).contentType("application/json")
                .body(price).put("/v1/admin/prices/claude-haiku-4-5").then().statusCode(200)
                .body("model", equalTo("claude-haiku-4-5")).body("source", equalTo("workspace"));
        read(ws, "/v1/pricing").then().body("items[0].source", equalTo("workspace"));

        // Stored costs change only through repricing. With no cache prices, cache tokens fall back to the input price:
        // 300 x 2e-6 + 500 x 2e-6 + 200 x 2e-6 + 100 x 10e-6 = 0.0006 + 0.001 + 0.0004 + 0.001 = 0.003.
        read(ws, "/v1/calls/" + priced).then().body("costUsd", equalTo(0.0011375f));
        given().baseUri(system.query().baseUrl()).header("Authorization", "Bearer " + ws.adminKey())
                .post("/v1/admin/reprice?from=2026-11-25&to=2026-11-25").then().statusCode(200).body("repriced", equalTo(2));
        read(ws, "/v1/calls/" + priced).then().body("costUsd", equalTo(0.003f)).body("cost.priceSource", equalTo("workspace"));
        read(ws, "/v1/calls/" + client).then().body("costUsd", equalTo(0.5f));
        read(ws, "/v1/conversations/" + conv).then().body("costUsd", equalTo(0.503f)).body("unpricedCallCount", equalTo(1));

        // New calls take the workspace price at once.
        String later = id("call");
        post(ws, haikuCall(later, conv)).then().statusCode(202);
        awaitCall(ws, later);
        read(ws, "/v1/calls/" + later).then().body("costUsd", equalTo(0.003f));
        read(ws, "/v1/conversations/" + conv).then().body("costUsd", equalTo(0.506f));
    }

    @Test
    void rawAnthropicPayloadIsNormalizedPricedAndItsRateLimitsRead() {
        AdminClient.Workspace ws = SharedSystem.newWorkspace("raw-anthropic");
        String call = id("call");
        post(ws, """
                {"eventId":"%s","type":"llm_call","conversation":{"id":"c-%s"},"assistant":{"id":"a"},
                 "startedAt":"2026-11-25T10:00:00Z","durationMs":2000,
                 "raw":{"format":"anthropic.messages",
                   "request":{"model":"claude-sonnet-4-5","system":[{"type":"text","text":"Be brief."},{"type":"text","text":"Cite.","cache_control":{"type":"ephemeral"}}],
                              "messages":[{"role":"user","content":"Weather?"}]},
                   "response":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
                               "content":[{"type":"thinking","thinking":"Need a tool.","signature":"sig"},
                                          {"type":"text","text":"Checking."},
                                          {"type":"tool_use","id":"toolu_9","name":"get_weather","input":{"city":"Oslo"}}],
                               "stop_reason":"tool_use",
                               "usage":{"input_tokens":100,"cache_read_input_tokens":1000,"cache_creation_input_tokens":200,
                                        "cache_creation":{"ephemeral_5m_input_tokens":150,"ephemeral_1h_input_tokens":50},"output_tokens":50}},
                   "responseHeaders":{"Anthropic-RateLimit-Requests-Limit":"50","anthropic-ratelimit-requests-remaining":"49",
                                      "anthropic-ratelimit-requests-reset":"2026-11-25T10:00:03Z","retry-after":"7","content-type":"application/json"}}}"""
                .formatted(call, call)).then().statusCode(202);
        awaitCall(ws, call);
        // Sonnet 4.5 (via its dated alias): input 100 x 3e-6 = 0.0003; read 1000 x 0.3e-6 = 0.0003;
        // write 150 x 3.75e-6 + 50 x 6e-6 = 0.0008625; output 50 x 15e-6 = 0.00075; total 0.0022125.
        read(ws, "/v1/calls/" + call).then()
                .body("model", equalTo("claude-sonnet-4-5-20250929"))
                .body("provider", equalTo("anthropic"))
                .body("systemPrompt.text", equalTo("Be brief.\n\nCite."))
                .body("messages[0].content", equalTo("Weather?"))
                .body("response.text", equalTo("Checking."))
                .body("response.thinking", equalTo("Need a tool."))
                .body("response.toolCalls[0].id", equalTo("toolu_9"))
                .body("response.toolCalls[0].input.city", equalTo("Oslo"))
                .body("stopReason", equalTo("tool_use"))
                .body("usage.inputTokens", equalTo(1300))
                .body("usage.cacheReadTokens", equalTo(1000))
                .body("usage.cacheWriteTokens", equalTo(200))
                .body("usage.cacheWrite1hTokens", equalTo(50))
                .body("usage.reasoningTokens", nullValue())
                .body("costUsd", equalTo(0.0022125f))
                .body("rateLimit.headers.Anthropic-RateLimit-Requests-Limit", equalTo("50"))
                .body("rateLimit.requests.limit", equalTo(50))
                .body("rateLimit.requests.remaining", equalTo(49))
                .body("rateLimit.requests.resetAt", equalTo("2026-11-25T10:00:03.000Z"))
                .body("rateLimit.retryAfterSeconds", equalTo(7))
                .body("rateLimit.headers.content-type", nullValue());
    }

    @Test
    void rawOpenAiChatPayloadCountsCachedTokensOnceAndResetsFromTheCallsEnd() {
        AdminClient.Workspace ws = SharedSystem.newWorkspace("raw-openai");
        String call = id("call");
        post(ws, """
                {"eventId":"%s","type":"llm_call","conversation":{"id":"c-%s"},"assistant":{"id":"a"},
                 "startedAt":"2026-11-25T10:00:00Z","durationMs":1500,"stopReason":"overridden",
                 "raw":{"format":"openai.chat",
                   "request":{"model":"gpt-4o","messages":[{"role":"developer","content":"Answer in French."},{"role":"user","content":"Hi"}]},
                   "response":{"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-2024-08-06",
                               "choices":[{"index":0,"message":{"role":"assistant","content":null,
                                   "tool_calls":[{"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{\\"q\\":\\"x\\"}"}}]},
                                   "finish_reason":"tool_calls"}],
                               "usage":{"prompt_tokens":2000,"completion_tokens":300,"total_tokens":2300,
                                        "prompt_tokens_details":{"cached_tokens":1500}}},
                   "responseHeaders":{"x-ratelimit-limit-requests":"10000","x-ratelimit-remaining-requests":"9999",
                                      "x-ratelimit-reset-requests":"6m0s","x-ratelimit-reset-tokens":"12ms"}}}"""
                .formatted(call, call)).then().statusCode(202);
        awaitCall(ws, call);
        // gpt-4o via its dated alias: input 500 x 2.5e-6 = 0.00125; read 1500 x 1.25e-6 = 0.001875;
        // output 300 x 10e-6 = 0.003; total 0.006125.
        read(ws, "/v1/calls/" + call).then()
                .body("systemPrompt.text", equalTo("Answer in French."))
                .body("messages.size()", equalTo(1))
                .body("response.text", nullValue())
                .body("response.toolCalls[0].input.q", equalTo("x"))
                .body("stopReason", equalTo("overridden"))
                .body("usage.inputTokens", equalTo(2000))
                .body("usage.cacheReadTokens", equalTo(1500))
                .body("usage.cacheWriteTokens", nullValue())
                .body("costUsd", equalTo(0.006125f))
                .body("rateLimit.requests.remaining", equalTo(9999))
                .body("rateLimit.requests.resetAt", equalTo("2026-11-25T10:06:01.500Z"))
                .body("rateLimit.tokens.resetAt", equalTo("2026-11-25T10:00:01.512Z"));
    }

    @Test
    void invalidRawAndOverLongFieldsAreRefusedWithFieldPaths() {
        AdminClient.Workspace ws = SharedSystem.newWorkspace("raw-invalid");
        post(ws, """
                {"eventId":"bad-raw","type":"llm_call","conversation":{"id":"c"},"assistant":{"id":"a"},
                 "startedAt":"2026-11-25T10:00:00Z","raw":{"format":"gemini","response":{}}}""",
                """
                {"eventId":"bad-tool","type":"tool_execution","conversation":{"id":"c"},"assistant":{"id":"a"},
                 "startedAt":"2026-11-25T10:00:00Z"}""",
                """
                {"eventId":"long-subject","type":"conversation","conversation":{"id":"c","subject":"%s"},"assistant":{"id":"a"},
                 "startedAt":"2026-11-25T10:00:00Z"}""".formatted("s".repeat(501)))
                .then().statusCode(207).body("accepted", equalTo(0)).body("rejected", equalTo(3))
                .body("errors[0].errors.field", hasItem("raw.format"))
                .body("errors[1].errors[0].field", equalTo("toolCallId"))
                .body("errors[2].errors[0].field", equalTo("conversation.subject"));
    }
}
