package io.apilogs.e2e;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.sun.net.httpserver.HttpServer;
import io.apilogs.localstack.AdminClient;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.instrumentation.openai.v1_1.OpenAITelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue 23, deliverable 5 on the Java side: the official {@code openai-java} client wrapped by the OpenTelemetry Java
 * instrumentation ({@code opentelemetry-openai-java-1.1}), which puts model and tokens on its chat spans and message
 * content in log records. The application's agent span, exported last, names the conversation. Against a fake provider
 * (a tool call, then a streamed answer), the turn shows up whole.
 */
@ExtendWith(SharedSystem.class)
class JavaOpenAiIT {
    private static final String TOOL_CALL = """
            {"id":"chatcmpl-java-%s-1","object":"chat.completion","created":1796600000,"model":"gpt-4o-2024-08-06",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_weather_1",
              "type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Lyon\\"}"}}]},
              "finish_reason":"tool_calls","logprobs":null}],
             "usage":{"prompt_tokens":1200,"completion_tokens":40,"total_tokens":1240,"prompt_tokens_details":{"cached_tokens":1024},
              "completion_tokens_details":{"reasoning_tokens":0}}}""";
    private static final String CHUNK = """
            {"id":"chatcmpl-java-%s-2","object":"chat.completion.chunk","created":1796600001,"model":"gpt-4o-2024-08-06",%s}""";

    private static ValidatableResponse read(AdminClient.Workspace ws, String path) {
        return given().baseUri(SharedSystem.system().query().baseUrl()).header("Authorization", "Bearer " + ws.readKey()).get(path).then();
    }

    /** Chat Completions: the first request of a turn gets a tool call, the one with the tool's result a streamed answer. */
    private static HttpServer fakeProvider(String run) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] answer;
            if (!body.contains("\"role\":\"tool\"")) {
                answer = TOOL_CALL.formatted(run).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            } else {
                StringBuilder sse = new StringBuilder();
                for (String part : new String[] {
                        "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"It is 18°C\"},\"finish_reason\":null}]",
                        "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" and sunny in Lyon.\"},\"finish_reason\":null}]",
                        "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]",
                        "\"choices\":[],\"usage\":{\"prompt_tokens\":1300,\"completion_tokens\":25,\"total_tokens\":1325,"
                                + "\"prompt_tokens_details\":{\"cached_tokens\":1152}}"}) {
                    sse.append("data: ").append(CHUNK.formatted(run, part).replace("\n", "")).append("\n\n");
                }
                sse.append("data: [DONE]\n\n");
                answer = sse.toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            }
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        return server;
    }

    @Test
    void openAiJavaWrappedByTheOtelInstrumentationShowsTheTurnWhole() throws Exception {
        AdminClient.Workspace ws = SharedSystem.newWorkspace("java-openai");
        String conversation = "java-openai-" + UUID.randomUUID().toString().substring(0, 8);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String ingest = SharedSystem.system().ingest().baseUrl() + "/v1/otlp/v1/";
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "weather-bot")));
        // Each span exported as it ends, so the agent span naming the conversation arrives after the calls.
        SdkTracerProvider tracing = SdkTracerProvider.builder().setResource(resource).addSpanProcessor(SimpleSpanProcessor.create(
                OtlpHttpSpanExporter.builder().setEndpoint(ingest + "traces").addHeader("Authorization", "Bearer " + ws.ingestKey()).build()))
                .build();
        SdkLoggerProvider logging = SdkLoggerProvider.builder().setResource(resource).addLogRecordProcessor(BatchLogRecordProcessor.builder(
                OtlpHttpLogRecordExporter.builder().setEndpoint(ingest + "logs").addHeader("Authorization", "Bearer " + ws.ingestKey())
                        .build()).build()).build();
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(tracing).setLoggerProvider(logging).build();
        HttpServer provider = fakeProvider(run);
        try {
            OpenAIClient client = OpenAITelemetry.builder(otel).setCaptureMessageContent(true).build().wrap(OpenAIOkHttpClient.builder()
                    .baseUrl("http://127.0.0.1:" + provider.getAddress().getPort() + "/v1").apiKey("sk-fake").maxRetries(0).build());
            Tracer tracer = otel.getTracer("weather-bot");
            Span agent = tracer.spanBuilder("invoke_agent weather-bot").setAttribute("gen_ai.operation.name", "invoke_agent")
                    .setAttribute("gen_ai.agent.name", "weather-bot").setAttribute("gen_ai.conversation.id", conversation)
                    .setAttribute("user.id", "user-" + run).startSpan();
            try (Scope ignored = agent.makeCurrent()) {
                ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model("gpt-4o")
                        .addSystemMessage("You are a weather assistant.").addUserMessage("What's the weather in Lyon?")
                        .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("get_weather")
                                .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object")).build())
                                .build()).build());
                ChatCompletion first = client.chat().completions().create(params.build());
                ChatCompletionMessageToolCall toolCall = first.choices().get(0).message().toolCalls().orElseThrow().get(0);
                Span tool = tracer.spanBuilder("execute_tool get_weather").setAttribute("gen_ai.operation.name", "execute_tool")
                        .setAttribute("gen_ai.tool.name", "get_weather").setAttribute("gen_ai.tool.call.id", "call_weather_1")
                        .setAttribute("gen_ai.tool.call.arguments", "{\"city\":\"Lyon\"}")
                        .setAttribute("gen_ai.tool.call.result", "{\"tempC\":18,\"sky\":\"sunny\"}").startSpan();
                tool.end();
                params.addMessage(first.choices().get(0).message()).addMessage(ChatCompletionToolMessageParam.builder()
                        .toolCallId(toolCall.asFunction().id()).content("{\"tempC\":18,\"sky\":\"sunny\"}").build())
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
                StringBuilder text = new StringBuilder();
                try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params.build())) {
                    stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
                }
                assertThat(text.toString()).isEqualTo("It is 18°C and sunny in Lyon.");
            } finally {
                agent.end();
            }
            assertThat(tracing.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).as("spans exported").isTrue();
            assertThat(logging.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).as("log records exported").isTrue();
        } finally {
            provider.stop(0);
            otel.shutdown().join(10, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> read(ws, "/v1/conversations/" + conversation).statusCode(200)
                .body("callCount", equalTo(2)).body("toolCount", equalTo(1)));
        read(ws, "/v1/conversations").body("items.size()", equalTo(1));
        JsonPath timeline = read(ws, "/v1/conversations/" + conversation + "/timeline").extract().jsonPath();
        assertThat(timeline.getList("items.kind")).as(timeline.prettify()).containsExactly("llm_call", "tool_execution", "llm_call");
        JsonPath first = await().atMost(Duration.ofSeconds(60)).until(() -> read(ws, "/v1/calls/" + timeline.getString("items[0].id"))
                .extract().jsonPath(), call -> call.getString("response.toolCalls[0].id") != null);
        assertThat(first.getString("callId")).isEqualTo("chatcmpl-java-" + run + "-1");
        assertThat(first.getString("model")).isEqualTo("gpt-4o-2024-08-06");
        assertThat(first.getString("systemPrompt.text")).isEqualTo("You are a weather assistant.");
        assertThat(first.getString("response.toolCalls[0].input.city")).isEqualTo("Lyon");
        assertThat(first.getString("toolExecutions[0].result.sky")).isEqualTo("sunny");
        // The instrumentation passes on input and output tokens, not cached ones: priced as uncached gpt-4o input.
        assertThat(first.getLong("usage.inputTokens")).isEqualTo(1200L);
        assertThat(first.getLong("usage.outputTokens")).isEqualTo(40L);
        assertThat(first.getString("costUsd")).isEqualTo("0.0034");
        JsonPath second = await().atMost(Duration.ofSeconds(60)).until(() -> read(ws, "/v1/calls/" + timeline.getString("items[2].id"))
                .extract().jsonPath(), call -> call.getString("response.text") != null);
        assertThat(second.getString("response.text")).isEqualTo("It is 18°C and sunny in Lyon.");
        assertThat(second.getLong("usage.inputTokens")).isEqualTo(1300L);
        assertThat(String.valueOf(second.getList("messages"))).contains("call_weather_1");
        // The conversation's assistant comes from the agent span too, though it arrived after the calls.
        read(ws, "/v1/conversations/" + conversation).body("assistant.name", equalTo("weather-bot"));
    }
}
