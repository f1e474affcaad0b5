package io.apilogs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.localstack.AdminClient;
import io.apilogs.model.Json;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue 23, deliverable 5: the instrumentation libraries people already run, the real npm packages of
 * {@code src/test/node} (installed by {@code ./apilogs test} from the committed lock), each sending one tool-using turn
 * (a tool call, the tool, a streamed answer) of an {@code openai} client against a fake provider whose usage carries
 * cached tokens. Each turn shows up whole: in its conversation, with model, tokens and cost as the library passed them
 * on, response text, tool calls and tool runs; and no export of theirs is refused.
 */
@ExtendWith(SharedSystem.class)
class NodeInstrumentationsIT {
    private static final Path SCRIPTS = Path.of("src/test/node");
    /** gpt-4o's default prices, USD per million tokens: uncached input, cached input, output. */
    private static final BigDecimal INPUT = new BigDecimal("2.50");
    private static final BigDecimal CACHED = new BigDecimal("1.25");
    private static final BigDecimal OUTPUT = new BigDecimal("10.00");

    /** What one call should show: tokens as the library passes them on (cached null when it sends none). */
    record Expected(Long input, Long output, Long cached) {
        BigDecimal cost() {
            if (input == null) {
                return null;
            }
            long cachedTokens = cached == null ? 0 : cached;
            return INPUT.multiply(BigDecimal.valueOf(input - cachedTokens)).add(CACHED.multiply(BigDecimal.valueOf(cachedTokens)))
                    .add(OUTPUT.multiply(BigDecimal.valueOf(output))).movePointLeft(6);
        }
    }

    private static final Expected TOOL_CALL_CACHED = new Expected(1200L, 40L, 1024L);
    private static final Expected ANSWER_CACHED = new Expected(1300L, 25L, 1152L);
    private static final Expected TOOL_CALL_UNCACHED = new Expected(1200L, 40L, null);
    private static final Expected ANSWER_UNCACHED = new Expected(1300L, 25L, null);

    private static ValidatableResponse read(AdminClient.Workspace ws, String path) {
        return given().baseUri(SharedSystem.system().query().baseUrl()).header("Authorization", "Bearer " + ws.readKey()).get(path).then();
    }

    /** Runs a setup script against the shared system; its one-line summary must say every export succeeded. */
    private static JsonNode run(String script, AdminClient.Workspace ws, String conversation, Map<String, String> env)
            throws IOException, InterruptedException {
        assertThat(SCRIPTS.resolve("node_modules")).as("npm ci has run in src/test/node (./apilogs test does it)").isDirectory();
        ProcessBuilder builder = new ProcessBuilder("node", script).directory(SCRIPTS.toFile()).redirectErrorStream(false);
        builder.environment().put("APILOGS_OTLP", SharedSystem.system().ingest().baseUrl() + "/v1/otlp");
        builder.environment().put("APILOGS_KEY", ws.ingestKey());
        builder.environment().put("CONVERSATION_ID", conversation);
        builder.environment().put("USER_ID", "user-" + conversation);
        builder.environment().putAll(env);
        Path errors = Files.createTempFile("node-" + script, ".stderr");
        builder.redirectError(errors.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s finished", script).isTrue();
        String stderr = Files.readString(errors);
        Files.deleteIfExists(errors);
        assertThat(process.exitValue()).as("%s exit code; stdout %s; stderr %s", script, out, stderr).isZero();
        String[] lines = out.strip().split("\n");
        JsonNode summary = Json.CANONICAL.readTree(lines[lines.length - 1]);
        assertThat(summary.path("exportStatus").path("ok").asBoolean()).as(summary.toString()).isTrue();
        if (!script.equals("openllmetry.mjs")) {
            // OpenLLMetry's own protobuf exporter is not reachable from the script: its failures come through diag only.
            assertThat(summary.path("exportStatus").path("traces").path("calls").asInt()).as("trace exports").isPositive();
        }
        return summary;
    }

    /**
     * The turn as stored: two calls (the tool call, then the answer) and one tool run, each call with the tokens and
     * cost expected; the text, tool call and tool result. Returns the conversation's timeline.
     */
    private static JsonPath assertTurn(AdminClient.Workspace ws, String conversation, Expected toolCall, Expected answer) {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> read(ws, "/v1/conversations/" + conversation).statusCode(200)
                .body("callCount", equalTo(2)).body("toolCount", equalTo(1)));
        JsonPath timeline = read(ws, "/v1/conversations/" + conversation + "/timeline").statusCode(200).extract().jsonPath();
        // In start order. JS SDKs start spans at whole milliseconds, so the tool and the answer's call may start in the
        // same one; exported apart (OpenLLMetry), their tie falls to the order they were stored in.
        List<String> kinds = timeline.getList("items.kind");
        assertThat(kinds).as(timeline.prettify()).containsExactlyInAnyOrder("llm_call", "tool_execution", "llm_call");
        assertThat(kinds.get(0)).isEqualTo("llm_call");
        String toolCallId = timeline.getString("items[0].id");
        String answerId = timeline.getString("items[" + kinds.lastIndexOf("llm_call") + "].id");
        if (!kinds.get(1).equals("tool_execution")) {
            assertThat(timeline.getString("items[1].startedAt")).as("only a tie puts the answer before the tool")
                    .isEqualTo(timeline.getString("items[2].startedAt"));
        }
        JsonPath first = await().atMost(Duration.ofSeconds(60)).until(() -> read(ws, "/v1/calls/" + toolCallId).statusCode(200)
                .extract().jsonPath(), call -> call.getList("response.toolCalls") != null && !call.getList("response.toolCalls").isEmpty());
        assertThat(first.getString("response.toolCalls[0].id")).isEqualTo("call_weather_1");
        assertThat(first.getString("response.toolCalls[0].name")).isEqualTo("get_weather");
        assertThat(first.getString("response.toolCalls[0].input.city")).isEqualTo("Lyon");
        assertThat(first.getString("systemPrompt.text")).isEqualTo("You are a weather assistant.");
        assertThat(first.getString("toolExecutions[0].result.sky")).isEqualTo("sunny");
        JsonPath second = await().atMost(Duration.ofSeconds(60)).until(() -> read(ws, "/v1/calls/" + answerId).statusCode(200)
                .extract().jsonPath(), call -> call.getString("response.text") != null);
        assertThat(second.getString("response.text")).isEqualTo("It is 18°C and sunny in Lyon.");
        assertThat(String.valueOf(second.getList("messages"))).contains("What's the weather in Lyon?");
        assertCall(first, toolCall);
        assertCall(second, answer);
        assertThat(timeline.getString("items[" + kinds.indexOf("tool_execution") + "].toolName")).isEqualTo("get_weather");

        BigDecimal total = BigDecimal.ZERO;
        long input = 0;
        for (Expected expected : List.of(toolCall, answer)) {
            total = expected.cost() == null ? total : total.add(expected.cost());
            input += expected.input() == null ? 0 : expected.input();
        }
        JsonPath row = read(ws, "/v1/conversations/" + conversation).extract().jsonPath();
        assertThat(row.getLong("tokens.input")).isEqualTo(input);
        assertThat(new BigDecimal(row.getString("costUsd"))).isEqualByComparingTo(total);
        return timeline;
    }

    /**
     * Issue 25: the end user and metadata (and tags, where the library has them) the script set through the library's
     * own API find the conversation, and its row shows them.
     */
    private static void assertLabels(AdminClient.Workspace ws, String conversation, List<String> tags) {
        String user = "user-" + conversation;
        String path = "/v1/conversations?user=" + user + "&meta.plan=pro" + (tags.isEmpty() ? "" : "&tag=" + tags.get(0));
        read(ws, path).statusCode(200).body("items.conversationId", equalTo(List.of(conversation)))
                .body("items[0].user.id", equalTo(user))
                .body("items[0].tags", equalTo(tags.stream().sorted().toList()));
        read(ws, "/v1/conversations?meta.plan=free").statusCode(200).body("items.size()", equalTo(0));
    }

    private static void assertCall(JsonPath call, Expected expected) {
        assertThat(call.getString("model")).startsWith("gpt-4o");
        if (expected.input() == null) {
            assertThat(call.getString("usage.inputTokens")).as("the library passes on no usage for this call").isNull();
            return;
        }
        assertThat(call.getLong("usage.inputTokens")).isEqualTo(expected.input());
        assertThat(call.getLong("usage.outputTokens")).isEqualTo(expected.output());
        assertThat(call.getString("usage.cacheReadTokens")).isEqualTo(expected.cached() == null ? null : String.valueOf(expected.cached()));
        assertThat(new BigDecimal(call.getString("costUsd"))).isEqualByComparingTo(expected.cost());
    }

    private static String conversation(String library) {
        return "node-" + library + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void otelContribCallsExportedBeforeTheirAgentSpanMoveIntoItsConversationAndTakeTheirLogContent() throws Exception {
        AdminClient.Workspace ws = SharedSystem.newWorkspace("node-otel-contrib");
        String conversation = conversation("otel-contrib");
        // Each span exported as it ends: the chat spans reach ingest before the agent span naming the conversation.
        JsonNode summary = run("otel-contrib.mjs", ws, conversation, Map.of("SPAN_PROCESSOR", "simple"));
        assertThat(summary.path("exportStatus").path("logs").path("calls").asInt()).as("log exports").isPositive();
        assertTurn(ws, conversation, TOOL_CALL_UNCACHED, ANSWER_UNCACHED);
        read(ws, "/v1/conversations/" + conversation).body("assistant.name", equalTo("weather-bot"));
        // Nothing is left in the trace's stand-in conversation: the workspace holds the one conversation.
        read(ws, "/v1/conversations").statusCode(200).body("items.size()", equalTo(1)).body("items[0].conversationId", equalTo(conversation));
    }

    @Test
    void otelContribOverOtlpJsonInOneBatch() throws Exception {
        AdminClient.Workspace ws = SharedSystem.newWorkspace("node-otel-contrib-json");
        String conversation = conversation("otel-contrib-json");
        run("otel-contrib.mjs", ws, conversation, Map.of("OTLP_PROTOCOL", "json"));
        assertTurn(ws, conversation, TOOL_CALL_UNCACHED, ANSWER_UNCACHED);
    }

    @Test
    void openInference() throws Exception {
        AdminClient.Workspace ws = SharedSystem.newWorkspace("node-openinference");
        String conversation = conversation("openinference");
        run("openinference.mjs", ws, conversation, Map.of());
        // Its streamed call carries no usage: OpenInference's OpenAI instrumentation skips the usage chunk.
        assertTurn(ws, conversation, TOOL_CALL_CACHED, new Expected(null, null, null));
        assertLabels(ws, conversation, List.of("weather", "e2e"));
    }

    @Test
    void openLlmetry() throws Exception {
        AdminClient.Workspace ws = SharedSystem.newWorkspace("node-openllmetry");
        String conversation = conversation("openllmetry");
        run("openllmetry.mjs", ws, conversation, Map.of());
        // Its streamed call carries the library's own tiktoken estimate of the tokens, not the provider's usage.
        assertTurn(ws, conversation, TOOL_CALL_UNCACHED, new Expected(23L, 10L, null));
        assertLabels(ws, conversation, List.of());
    }

    @Test
    void vercelAiSdk() throws Exception {
        AdminClient.Workspace ws = SharedSystem.newWorkspace("node-vercel-ai");
        String conversation = conversation("vercel-ai");
        run("vercel-ai.mjs", ws, conversation, Map.of());
        assertTurn(ws, conversation, TOOL_CALL_CACHED, ANSWER_CACHED);
        assertLabels(ws, conversation, List.of());
    }
}
