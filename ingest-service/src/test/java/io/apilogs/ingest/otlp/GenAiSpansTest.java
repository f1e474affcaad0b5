package io.apilogs.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.ingest.limits.TreeCharge;
import io.apilogs.model.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** OTLP JSON spans, built the way GenAI instrumentations build them, mapped to API Logs events. */
class GenAiSpansTest {
    private static final String TRACE = "5b8efff798038103d269b633813fc60c";

    private static String attr(String key, String value) {
        return "{\"key\":\"" + key + "\",\"value\":{\"stringValue\":" + Json.CANONICAL.valueToTree(value) + "}}";
    }

    private static String intAttr(String key, long value) {
        return "{\"key\":\"" + key + "\",\"value\":{\"intValue\":\"" + value + "\"}}";
    }

    private static String span(String spanId, String parent, String name, int kind, List<String> attributes, String events) {
        return """
                {"traceId":"%s","spanId":"%s",%s"name":"%s","kind":%d,"startTimeUnixNano":"1764100800000000000",
                 "endTimeUnixNano":"1764100801250000000","attributes":[%s],"events":[%s],"status":{}}"""
                .formatted(TRACE, spanId, parent == null ? "" : "\"parentSpanId\":\"" + parent + "\",", name, kind,
                        String.join(",", attributes), events);
    }

    private static List<OtlpSpan> decode(String... spans) throws Exception {
        String body = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"travel-bot"}}]},
                 "scopeSpans":[{"scope":{"name":"test"},"spans":[%s]}]}]}""".formatted(String.join(",", spans));
        return OtlpJson.read(body.getBytes(StandardCharsets.UTF_8), Json.CANONICAL, 1000, TreeCharge.NONE);
    }

    @Test
    void aChatSpanBecomesAnLlmCallWithTokensMessagesAndToolCalls() throws Exception {
        String chat = span("eee19b7ec3c1b174", "aaaa000000000001", "chat claude-sonnet-4-5", 3, List.of(
                attr("gen_ai.operation.name", "chat"), attr("gen_ai.provider.name", "anthropic"),
                attr("gen_ai.request.model", "claude-sonnet-4-5"), attr("gen_ai.response.model", "claude-sonnet-4-5-20250929"),
                attr("gen_ai.response.id", "msg_01XFDUDYJgAACzvnptvVoYEL"), attr("gen_ai.conversation.id", "conv-42"),
                attr("gen_ai.agent.name", "Travel planner"), "{\"key\":\"gen_ai.request.temperature\",\"value\":{\"doubleValue\":0.2}}",
                intAttr("gen_ai.usage.input_tokens", 1200), intAttr("gen_ai.usage.output_tokens", 300),
                intAttr("gen_ai.usage.cache_read.input_tokens", 1000), intAttr("gen_ai.usage.cache_creation.input_tokens", 100),
                "{\"key\":\"gen_ai.response.finish_reasons\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"tool_use\"}]}}}",
                attr("gen_ai.system_instructions", "[{\"type\":\"text\",\"content\":\"You plan trips.\"}]"),
                attr("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather in Paris?\"}]}]"),
                attr("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"reasoning\",\"content\":\"Need the weather.\"},"
                        + "{\"type\":\"text\",\"content\":\"Let me check.\"},{\"type\":\"tool_call\",\"id\":\"toolu_1\",\"name\":\"get_weather\","
                        + "\"arguments\":{\"city\":\"Paris\"}}],\"finish_reason\":\"tool_call\"}]")), "");
        GenAiSpans.Mapped mapped = GenAiSpans.map(decode(chat));
        assertThat(mapped.ignored()).isZero();
        ObjectNode call = mapped.events().get(0);
        assertThat(call.path("type").asText()).isEqualTo("llm_call");
        assertThat(call.path("eventId").asText()).isEqualTo("otel-" + TRACE + "-eee19b7ec3c1b174");
        assertThat(call.path("callId").asText()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
        assertThat(call.path("conversation").path("id").asText()).isEqualTo("conv-42");
        assertThat(call.path("assistant").path("id").asText()).isEqualTo("Travel planner");
        assertThat(call.path("provider").asText()).isEqualTo("anthropic");
        assertThat(call.path("model").asText()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(call.path("startedAt").asText()).isEqualTo("2025-11-25T20:00:00Z");
        assertThat(call.path("durationMs").asLong()).isEqualTo(1250);
        assertThat(call.path("usage").toString())
                .isEqualTo("{\"inputTokens\":1200,\"outputTokens\":300,\"cacheReadTokens\":1000,\"cacheWriteTokens\":100}");
        assertThat(call.path("stopReason").asText()).isEqualTo("tool_use");
        assertThat(call.path("systemPrompt").asText()).isEqualTo("You plan trips.");
        assertThat(call.path("messages").get(0).path("role").asText()).isEqualTo("user");
        JsonNode response = call.path("response");
        assertThat(response.path("text").asText()).isEqualTo("Let me check.");
        assertThat(response.path("thinking").asText()).isEqualTo("Need the weather.");
        assertThat(response.path("toolCalls").get(0).toString()).isEqualTo("{\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}");
        // What no field took is kept: the span's attributes by name, the resource's as resource.<name>.
        JsonNode kept = call.path("attributes");
        assertThat(kept.path("gen_ai.request.temperature").asDouble()).isEqualTo(0.2);
        assertThat(kept.path("resource.service.name").asText()).isEqualTo("travel-bot");
        assertThat(kept.has("gen_ai.usage.input_tokens")).isFalse();
        assertThat(kept.has("gen_ai.conversation.id")).isFalse();
    }

    @Test
    void contentOnADetailsEventCountsAndTheServiceNamesTheAssistant() throws Exception {
        String chat = span("eee19b7ec3c1b175", null, "chat gpt-4o", 3, List.of(attr("gen_ai.operation.name", "chat"),
                        attr("gen_ai.request.model", "gpt-4o")),
                "{\"name\":\"gen_ai.client.inference.operation.details\",\"timeUnixNano\":\"1764100801000000000\",\"attributes\":["
                        + attr("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi!\"}]}]") + "]}");
        ObjectNode call = GenAiSpans.map(decode(chat)).events().get(0);
        assertThat(call.path("response").path("text").asText()).isEqualTo("Hi!");
        assertThat(call.path("assistant").path("id").asText()).isEqualTo("travel-bot");
        assertThat(call.path("conversation").path("id").asText()).isEqualTo("trace-" + TRACE);
    }

    @Test
    void aToolSpanAndTheHttpCallsBelowItBecomeToolExecutionAndHttpRequests() throws Exception {
        String tool = span("bbbb000000000001", null, "execute_tool get_weather", 1, List.of(attr("gen_ai.operation.name", "execute_tool"),
                attr("gen_ai.tool.name", "get_weather"), attr("gen_ai.tool.call.id", "toolu_1"), attr("gen_ai.conversation.id", "conv-42"),
                attr("gen_ai.tool.call.arguments", "{\"city\":\"Paris\"}"), attr("gen_ai.tool.call.result", "{\"tempC\":21}")), "");
        String http = span("cccc000000000001", "bbbb000000000001", "GET", 3, List.of(attr("http.request.method", "GET"),
                attr("url.full", "https://api.weather.example/v1?city=Paris&api_key=s3cr3t"), intAttr("http.response.status_code", 200),
                "{\"key\":\"http.request.header.authorization\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"Bearer abc\"}]}}}"), "");
        String unrelated = span("dddd000000000001", null, "GET /health", 2, List.of(attr("http.request.method", "GET")), "");
        GenAiSpans.Mapped mapped = GenAiSpans.map(decode(tool, http, unrelated));
        assertThat(mapped.ignored()).isEqualTo(1);
        ObjectNode execution = mapped.events().get(0);
        assertThat(execution.path("type").asText()).isEqualTo("tool_execution");
        assertThat(execution.path("toolCallId").asText()).isEqualTo("toolu_1");
        assertThat(execution.path("toolName").asText()).isEqualTo("get_weather");
        assertThat(execution.path("input").toString()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(execution.path("result").toString()).isEqualTo("{\"tempC\":21}");
        ObjectNode request = mapped.events().get(1);
        assertThat(request.path("type").asText()).isEqualTo("http_request");
        assertThat(request.path("conversation").path("id").asText()).isEqualTo("conv-42");
        assertThat(request.path("plugin").asText()).isEqualTo("get_weather");
        assertThat(request.path("toolCallId").asText()).isEqualTo("toolu_1");
        assertThat(request.path("method").asText()).isEqualTo("GET");
        assertThat(request.path("statusCode").asInt()).isEqualTo(200);
        // Redaction happens after, in the same parser as /v1/events; the mapping hands the header over as sent.
        assertThat(request.path("requestHeaders").path("authorization").asText()).isEqualTo("Bearer abc");
    }

    @Test
    void malformedBodiesAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OtlpJson.read("[1]".getBytes(StandardCharsets.UTF_8), Json.CANONICAL, 1000, TreeCharge.NONE))
                .isInstanceOf(OtlpDecoder.Malformed.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OtlpDecoder.protobuf(new byte[] {(byte) 0xff, 0x01}, 1000, TreeCharge.NONE))
                .isInstanceOf(OtlpDecoder.Malformed.class);
    }
}
