package io.apilogs.e2e;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.apilogs.client.ApiLogsClient;
import io.apilogs.client.Conversation;
import io.apilogs.langchain4j.ApiLogsChatModelListener;
import io.apilogs.langchain4j.RecordedProvider;
import io.apilogs.localstack.AdminClient;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * An assistant built on LangChain4j, logged by {@link ApiLogsChatModelListener} into the real stack. Its models are
 * real LangChain4j OpenAI and Anthropic chat models; the provider is a local server answering recorded responses,
 * the one thing stubbed.
 */
@ExtendWith(SharedSystem.class)
class LangChain4jIT {
    private final RecordedProvider provider = new RecordedProvider();
    private AdminClient.Workspace ws;
    private ApiLogsClient client;

    @BeforeEach
    void start() {
        ws = SharedSystem.newWorkspace("lc4j");
        client = ApiLogsClient.builder(SharedSystem.system().ingest().baseUrl(), ws.ingestKey()).shutdownHook(false)
                .flushInterval(Duration.ofMillis(50)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        provider.close();
    }

    private ValidatableResponse read(String path) {
        return given().baseUri(SharedSystem.system().query().baseUrl()).header("Authorization", "Bearer " + ws.readKey()).get(path).then();
    }

    @Test
    void aToolLoopOfAnAnthropicModelIsStoredWithExactCostToolResultAndRateLimits() throws Exception {
        ChatModel claude = AnthropicChatModel.builder().baseUrl(provider.baseUrl() + "/").apiKey("sk-ant-test")
                .modelName("claude-sonnet-4-5").maxRetries(0)
                .listeners(List.of(ApiLogsChatModelListener.of(client, "travel-bot"))).build();
        provider.answer("anthropic-tool-use").answer("anthropic-tool-use");
        String id = "lc4j-trip-" + UUID.randomUUID();
        Conversation trip = client.conversation(id, "travel-bot");
        SystemMessage system = SystemMessage.from("You are a travel assistant. Use tools for live data.");
        UserMessage question = UserMessage.from("Should I pack an umbrella for Paris tomorrow?");

        try (AutoCloseable open = trip.open()) {
            ChatResponse first = claude.chat(ChatRequest.builder().messages(system, question).build());
            ToolExecutionRequest asked = first.aiMessage().toolExecutionRequests().get(0);
            // The application's tool, logged in the same conversation through the client's tool scope.
            Conversation.Tool weather = trip.tool(asked.id(), asked.name(), null);
            try (AutoCloseable running = weather.open()) {
                Conversation.currentTool().http("GET", "https://weather.example/v1/forecast?city=Paris&api_key=s3cr3t", 200,
                        Map.of("Accept", "application/json"), Map.of(), null,
                        JsonNodeFactory.instance.objectNode().put("rain", "80%"), Instant.now(), 12);
            }
            weather.done(JsonNodeFactory.instance.objectNode().put("city", "Paris"), JsonNodeFactory.instance.objectNode().put("rain", "80%"));
            claude.chat(ChatRequest.builder().messages(system, question, first.aiMessage(),
                    ToolExecutionResultMessage.from(asked, "{\"rain\":\"80%\"}")).build());
        }
        assertThat(client.flush(Duration.ofSeconds(30))).isTrue();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> read("/v1/conversations/" + id).statusCode(200)
                .body("callCount", equalTo(2)).body("toolCount", equalTo(1)).body("httpCount", equalTo(1)));
        // Per call: 42 input at $3/M, 12,000 cache reads at $0.30/M, 1,000 5-minute cache writes at $3.75/M,
        // 2,000 1-hour writes at $6/M and 512 output at $15/M = $0.027156 (claude-sonnet-4-5's default price).
        read("/v1/conversations/" + id).body("assistant.id", equalTo("travel-bot"))
                .body("tokens.input", equalTo(30084)).body("tokens.cacheRead", equalTo(24000)).body("tokens.cacheWrite", equalTo(6000))
                .body("tokens.output", equalTo(1024)).body("costUsd", equalTo(0.054312f)).body("errorCount", equalTo(0));
        ValidatableResponse timeline = read("/v1/conversations/" + id + "/timeline").statusCode(200);
        List<String> kinds = timeline.extract().path("items.kind");
        assertThat(kinds).containsExactlyInAnyOrder("llm_call", "llm_call", "tool_execution", "http_request");
        String firstCall = timeline.extract().path("items.find { it.kind == 'llm_call' }.id");

        read("/v1/calls/" + firstCall).statusCode(200)
                .body("provider", equalTo("anthropic")).body("model", equalTo("claude-sonnet-4-5-20250929"))
                .body("systemPrompt.text", equalTo("You are a travel assistant. Use tools for live data."))
                .body("messages[0].content", equalTo("Should I pack an umbrella for Paris tomorrow?"))
                .body("response.text", equalTo("Let me check the forecast for Paris."))
                .body("response.thinking", equalTo("The user asks about rain in Paris. I should check the forecast."))
                .body("response.toolCalls[0].id", equalTo("toolu_01A09q90qw90lq917835lq9"))
                .body("stopReason", equalTo("tool_use"))
                .body("usage.cacheWrite1hTokens", equalTo(2000)).body("costUsd", equalTo(0.027156f))
                .body("toolExecutions[0].result.rain", equalTo("80%"))
                .body("httpRequests[0].url", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("s3cr3t")))
                .body("rateLimit.headers.anthropic-ratelimit-requests-remaining", equalTo("3999"))
                .body("rateLimit.requests.limit", equalTo(4000))
                .body("rateLimit.headers.request-id", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void anOpenAiCallAndAFailedOneArePricedAndCounted() {
        ChatModel o3 = OpenAiChatModel.builder().baseUrl(provider.baseUrl()).apiKey("sk-test").modelName("o3").maxRetries(0)
                .listeners(List.of(ApiLogsChatModelListener.builder(client, "sre-bot").conversationIds(() -> "lc4j-sre-" + ws.ingestKey().hashCode()).build()))
                .build();
        provider.answer("openai-chat").answer("openai-rate-limited");
        o3.chat(SystemMessage.from("Answer as a senior SRE. Cite the runbook section."),
                UserMessage.from("Our p99 latency doubled after the deploy. Where do I start?"));
        assertThatThrownBy(() -> o3.chat(UserMessage.from("And now?"))).isNotNull();
        assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
        String id = "lc4j-sre-" + ws.ingestKey().hashCode();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> read("/v1/conversations/" + id).statusCode(200)
                .body("callCount", equalTo(2)));
        // 86 uncached input at $2/M + 1,920 cached at $0.50/M + 300 output at $8/M (o3's default price).
        read("/v1/conversations/" + id).body("costUsd", equalTo(0.003532f)).body("errorCount", equalTo(1))
                .body("tokens.reasoning", equalTo(192)).body("tokens.cacheRead", equalTo(1920));
        String failed = read("/v1/conversations/" + id + "/timeline").extract().path("items.find { it.error != null }.id");
        read("/v1/calls/" + failed).statusCode(200).body("model", equalTo("o3"))
                .body("error.type", equalTo("RateLimitException")).body("error.httpStatus", equalTo(429));
    }
}
