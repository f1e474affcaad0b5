package io.apilogs.e2e;

import io.apilogs.localstack.AdminClient;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * An assistant instrumented with the real OpenTelemetry SDK, its OTLP/HTTP exporter pointed at ingest: its GenAI spans
 * (an agent span, a chat span, a tool span and the tool's HTTP call) show up in the activity log, the timeline and the
 * call detail, with the right tokens and cost, and the tool's credentials redacted.
 */
@ExtendWith(SharedSystem.class)
class OtelIT {
    private static ValidatableResponse read(AdminClient.Workspace ws, String path) {
        return given().baseUri(SharedSystem.system().query().baseUrl()).header("Authorization", "Bearer " + ws.readKey()).get(path).then();
    }

    @Test
    void spansExportedByTheOtelSdkShowUpEndToEnd() {
        AdminClient.Workspace ws = SharedSystem.newWorkspace("otel");
        String conversation = "otel-conv-" + UUID.randomUUID();
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(SharedSystem.system().ingest().baseUrl() + "/v1/otlp/v1/traces")
                .addHeader("Authorization", "Bearer " + ws.ingestKey()).build();
        // One batch for the whole trace, so the HTTP span is exported with the tool span it belongs to.
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "trip-planner"))))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).setScheduleDelay(Duration.ofMinutes(1)).build()).build();
        Tracer tracer = provider.get("io.apilogs.e2e.otel");

        Span agent = tracer.spanBuilder("invoke_agent Trip planner").setAttribute("gen_ai.operation.name", "invoke_agent").startSpan();
        String callId;
        try (Scope ignored = agent.makeCurrent()) {
            Span chat = tracer.spanBuilder("chat gpt-4o").setSpanKind(SpanKind.CLIENT)
                    .setAttribute("gen_ai.operation.name", "chat")
                    .setAttribute("gen_ai.provider.name", "openai")
                    .setAttribute("gen_ai.request.model", "gpt-4o")
                    .setAttribute("gen_ai.response.model", "gpt-4o-2024-08-06")
                    .setAttribute("gen_ai.conversation.id", conversation)
                    .setAttribute("gen_ai.agent.id", "trip-planner")
                    .setAttribute("gen_ai.agent.name", "Trip planner")
                    .setAttribute("gen_ai.request.temperature", 0.2)
                    .startSpan();
            callId = "chatcmpl-" + UUID.randomUUID().toString().substring(0, 12);
            chat.setAttribute("gen_ai.response.id", callId);
            chat.setAttribute("gen_ai.usage.input_tokens", 1000L);
            chat.setAttribute("gen_ai.usage.output_tokens", 200L);
            chat.setAttribute("gen_ai.usage.cache_read.input_tokens", 400L);
            chat.setAttribute(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("tool_calls"));
            chat.setAttribute("gen_ai.system_instructions", "[{\"type\":\"text\",\"content\":\"You plan trips.\"}]");
            chat.setAttribute("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather in Lyon?\"}]}]");
            chat.setAttribute("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Checking.\"},"
                    + "{\"type\":\"tool_call\",\"id\":\"call_lyon\",\"name\":\"get_weather\",\"arguments\":{\"city\":\"Lyon\"}}],"
                    + "\"finish_reason\":\"tool_call\"}]");
            chat.end();

            Span tool = tracer.spanBuilder("execute_tool get_weather").setSpanKind(SpanKind.INTERNAL)
                    .setAttribute("gen_ai.operation.name", "execute_tool")
                    .setAttribute("gen_ai.tool.name", "get_weather")
                    .setAttribute("gen_ai.tool.call.id", "call_lyon")
                    .setAttribute("gen_ai.conversation.id", conversation)
                    .setAttribute("gen_ai.agent.id", "trip-planner")
                    .setAttribute("gen_ai.tool.call.arguments", "{\"city\":\"Lyon\"}")
                    .startSpan();
            try (Scope inTool = tool.makeCurrent()) {
                Span http = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT)
                        .setAttribute("http.request.method", "GET")
                        .setAttribute("url.full", "https://api.weather.example/v1/now?city=Lyon&api_key=s3cr3t-value")
                        .setAttribute("http.response.status_code", 503L)
                        .setAttribute(AttributeKey.stringArrayKey("http.request.header.x-api-key"), List.of("k-123456"))
                        .startSpan();
                http.setStatus(StatusCode.ERROR, "upstream unavailable");
                http.end();
            }
            tool.setAttribute("gen_ai.tool.call.result", "{\"tempC\":19}");
            tool.end();
        } finally {
            agent.end();
        }
        CompletableResultCode flushed = provider.forceFlush().join(30, TimeUnit.SECONDS);
        assertThat(flushed.isSuccess()).as("the SDK's export was answered with success").isTrue();
        provider.shutdown().join(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> read(ws, "/v1/conversations/" + conversation).statusCode(200)
                .body("callCount", equalTo(1)).body("toolCount", equalTo(1)).body("httpCount", equalTo(1)));
        // 600 uncached input at $2.50/M + 400 cached at $1.25/M + 200 output at $10/M (gpt-4o's default price).
        read(ws, "/v1/conversations/" + conversation)
                .body("assistant.id", equalTo("trip-planner")).body("assistant.name", equalTo("Trip planner"))
                .body("tokens.input", equalTo(1000)).body("tokens.output", equalTo(200)).body("tokens.cacheRead", equalTo(400))
                .body("costUsd", equalTo(0.004f)).body("errorCount", equalTo(1));
        read(ws, "/v1/conversations/" + conversation + "/timeline").statusCode(200)
                .body("items.kind", equalTo(List.of("llm_call", "tool_execution", "http_request")))
                .body("items[0].id", equalTo(callId)).body("items[0].stopReason", equalTo("tool_calls"))
                .body("items[1].toolName", equalTo("get_weather")).body("items[2].statusCode", equalTo(503));
        read(ws, "/v1/calls/" + callId).statusCode(200)
                .body("model", equalTo("gpt-4o-2024-08-06")).body("provider", equalTo("openai"))
                .body("systemPrompt.text", equalTo("You plan trips.")).body("response.text", equalTo("Checking."))
                .body("response.toolCalls[0].name", equalTo("get_weather")).body("cost.priceSource", equalTo("default"))
                .body("toolExecutions[0].result.tempC", equalTo(19))
                .body("attributes.'gen_ai.request.temperature'", equalTo(0.2f))
                .body("attributes.'resource.service.name'", equalTo("trip-planner"))
                .body("httpRequests[0].url", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("s3cr3t")))
                .body("httpRequests[0].requestHeaders.x-api-key", equalTo("[REDACTED]"));
    }
}
