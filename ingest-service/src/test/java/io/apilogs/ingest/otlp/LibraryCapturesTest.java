package io.apilogs.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.ingest.limits.TreeCharge;
import io.apilogs.model.Json;
import io.apilogs.model.event.ConversationEvent;
import io.apilogs.model.event.Event;
import io.apilogs.model.validation.AcceptWindow;
import io.apilogs.model.validation.EventParser;
import io.apilogs.model.validation.Limits;
import io.apilogs.model.validation.ParsedEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23: what four real Node.js instrumentations exported for one tool-using turn (captured from the libraries by
 * {@code e2e-tests/src/test/node/capture-all.mjs}: a tool call, the tool, a streamed answer, against a fake provider whose
 * usage carries cached tokens) maps to whole calls, in the right conversation, with the tokens the library passed on.
 */
class LibraryCapturesTest {
    /** The exports of a capture: trace exports' spans and logs exports' records, in the order they were sent. */
    record Capture(List<List<OtlpSpan>> traces, List<List<OtlpLog>> logs) {
        List<ObjectNode> events() {
            List<ObjectNode> events = new ArrayList<>();
            traces.forEach(spans -> events.addAll(GenAiSpans.map(spans).events()));
            return events;
        }

        List<ObjectNode> of(String type) {
            return events().stream().filter(e -> e.path("type").asText().equals(type)).toList();
        }
    }

    static Capture capture(String library) throws Exception {
        JsonNode exports;
        try (InputStream in = LibraryCapturesTest.class.getResourceAsStream("/otlp/" + library + ".json")) {
            exports = Json.CANONICAL.readTree(in);
        }
        List<List<OtlpSpan>> traces = new ArrayList<>();
        List<List<OtlpLog>> logs = new ArrayList<>();
        for (JsonNode export : exports) {
            byte[] body = Json.CANONICAL.writeValueAsBytes(export.get("body"));
            if (export.path("path").asText().endsWith("/logs")) {
                logs.add(OtlpJson.readLogs(body, Json.CANONICAL, 1000, TreeCharge.NONE));
            } else {
                traces.add(OtlpJson.read(body, Json.CANONICAL, 1000, TreeCharge.NONE));
            }
        }
        return new Capture(traces, logs);
    }

    /** Every event made passes the validation of POST /v1/events (a window wide enough for the captures' dates). */
    static void allValid(List<ObjectNode> events) {
        EventParser parser = new EventParser(Limits.DEFAULT,
                AcceptWindow.DEFAULT, java.time.Clock.systemUTC());
        for (ObjectNode event : events) {
            ParsedEvent parsed = parser.parse(event, "ws");
            assertThat(parsed.errors()).as(event.toString()).isEmpty();
        }
    }

    /** Every call and tool execution carries the end user, tags (or none) and metadata, and keeps them through validation. */
    private static void assertLabels(Capture capture, String user, String tags, String metadata) {
        List<ObjectNode> items = new ArrayList<>(capture.of("llm_call"));
        items.addAll(capture.of("tool_execution"));
        assertThat(items).hasSizeGreaterThanOrEqualTo(3);
        EventParser parser = new EventParser(Limits.DEFAULT);
        for (ObjectNode item : items) {
            assertThat(item.path("user").path("id").asText()).as(item.toString()).isEqualTo(user);
            assertThat(item.has("tags")).isEqualTo(tags != null);
            if (tags != null) {
                assertThat(item.path("tags").toString()).isEqualTo(tags);
            }
            assertThat(item.path("metadata").toString()).isEqualTo(metadata);
            io.apilogs.model.event.Labels labels = parser.parse(item, "ws").event().labels();
            assertThat(labels.user().id()).isEqualTo(user);
            assertThat(labels.metadata().toString()).isEqualTo(metadata);
        }
    }

    private static void assertCall(ObjectNode call, String conversation, long input, long output, Long cached) {
        assertThat(call.path("conversation").path("id").asText()).isEqualTo(conversation);
        assertThat(call.path("usage").path("inputTokens").asLong()).isEqualTo(input);
        assertThat(call.path("usage").path("outputTokens").asLong()).isEqualTo(output);
        if (cached == null) {
            assertThat(call.path("usage").has("cacheReadTokens")).as("the library sends no cached tokens").isFalse();
        } else {
            assertThat(call.path("usage").path("cacheReadTokens").asLong()).isEqualTo(cached);
        }
    }

    private static ObjectNode toolCallingCall(List<ObjectNode> calls) {
        return calls.stream().filter(c -> c.path("response").path("toolCalls").size() == 1).findFirst().orElseThrow();
    }

    private static ObjectNode answeringCall(List<ObjectNode> calls) {
        return calls.stream().filter(c -> c.path("response").path("text").asText().contains("sunny in Lyon")).findFirst().orElseThrow();
    }

    private static void assertToolCall(ObjectNode call) {
        JsonNode toolCall = call.path("response").path("toolCalls").path(0);
        assertThat(toolCall.path("id").asText()).isEqualTo("call_weather_1");
        assertThat(toolCall.path("name").asText()).isEqualTo("get_weather");
        assertThat(toolCall.path("input").path("city").asText()).isEqualTo("Lyon");
    }

    private static void assertTool(ObjectNode tool, String conversation, String toolCallId) {
        assertThat(tool.path("conversation").path("id").asText()).isEqualTo(conversation);
        assertThat(tool.path("toolName").asText()).isEqualTo("get_weather");
        assertThat(tool.path("toolCallId").asText()).isEqualTo(toolCallId);
        assertThat(tool.path("input").path("city").asText()).isEqualTo("Lyon");
        assertThat(tool.path("result").path("tempC").asInt()).isEqualTo(18);
    }

    @Test
    void otelContribCallsTakeTheConversationOfTheirAgentSpanAndTheirContentFromLogRecords() throws Exception {
        Capture capture = capture("otel-contrib");
        List<ObjectNode> calls = capture.of("llm_call");
        assertThat(calls).hasSize(2);
        String conversation = "conv-otel-contrib-fixture";
        calls.forEach(call -> {
            assertThat(call.path("model").asText()).isEqualTo("gpt-4o-2024-08-06");
            assertThat(call.path("provider").asText()).isEqualTo("openai");
            assertThat(call.path("assistant").path("name").asText()).isEqualTo("weather-bot");
            assertThat(call.path("user").path("id").asText()).isEqualTo("user-otel-contrib-fixture");
            assertThat(call.path("attributes").has("user.id")).as("not kept twice").isFalse();
        });
        ObjectNode first = calls.stream().filter(c -> c.path("stopReason").asText().equals("tool_calls")).findFirst().orElseThrow();
        assertCall(first, conversation, 1200, 40, null);
        assertThat(first.path("callId").asText()).startsWith("chatcmpl-fake-1-");
        assertTool(capture.of("tool_execution").get(0), conversation, "call_weather_1");
        assertThat(capture.of("conversation")).singleElement().satisfies(link -> {
            assertThat(link.path("conversation").path("id").asText()).isEqualTo(conversation);
            assertThat(link.path("eventId").asText()).matches("otel-[0-9a-f]{32}-[0-9a-f]{16}-link");
        });
        allValid(capture.events());

        // The content: one event per call, for the call's eventId.
        assertThat(capture.logs()).hasSize(1);
        GenAiLogs.Mapped content = GenAiLogs.map(capture.logs().get(0));
        assertThat(content.ignored()).isZero();
        assertThat(content.events()).hasSize(2);
        allValid(content.events());
        ObjectNode toolCalling = toolCallingCall(content.events());
        assertThat(toolCalling.path("eventId").asText()).startsWith(first.path("eventId").asText() + "-log-");
        assertThat(toolCalling.path("systemPrompt").asText()).isEqualTo("You are a weather assistant.");
        assertThat(toolCalling.path("messages").toString()).contains("What's the weather in Lyon?");
        assertToolCall(toolCalling);
        ObjectNode answer = answeringCall(content.events());
        assertThat(answer.path("messages").findValuesAsText("role")).containsExactly("user", "assistant", "tool");
        assertThat(answer.path("messages").path(2).path("tool_call_id").asText()).isEqualTo("call_weather_1");
        Event parsed = OtlpIngest.asContent(parse(answer));
        assertThat(parsed).isInstanceOfSatisfying(io.apilogs.model.event.CallContentEvent.class, c -> {
            assertThat(c.contentOf()).isEqualTo(answer.path("eventId").asText().replaceFirst("-log-[0-9a-f]{16}$", ""));
            assertThat(c.response().text()).isEqualTo("It is 18°C and sunny in Lyon.");
        });
    }

    @Test
    void callsExportedBeforeTheirAgentSpanWaitInTheTracesStandInWhichTheAgentSpanLinks() throws Exception {
        List<OtlpSpan> spans = capture("otel-contrib").traces().get(0);
        List<OtlpSpan> children = spans.stream().filter(s -> s.parentSpanId() != null).toList();
        List<OtlpSpan> parent = spans.stream().filter(s -> s.parentSpanId() == null).toList();
        String standIn = "trace-" + parent.get(0).traceId();
        GenAiSpans.Mapped early = GenAiSpans.map(children);
        assertThat(early.events()).hasSize(3).allSatisfy(e -> assertThat(e.path("conversation").path("id").asText()).isEqualTo(standIn));
        GenAiSpans.Mapped late = GenAiSpans.map(parent);
        assertThat(late.events()).singleElement().satisfies(link -> {
            Event event = OtlpIngest.linkStandIn(parse(link));
            assertThat(event).isInstanceOfSatisfying(ConversationEvent.class, c -> {
                assertThat(c.absorbs()).isEqualTo(standIn);
                assertThat(c.conversation().id()).isEqualTo("conv-otel-contrib-fixture");
            });
        });
    }

    @Test
    void openInferenceLlmAndToolSpansMapWithTheirSessionAndCachedTokens() throws Exception {
        Capture capture = capture("openinference");
        String conversation = "conv-openinference-fixture";
        List<ObjectNode> calls = capture.of("llm_call");
        assertThat(calls).hasSize(2);
        ObjectNode first = toolCallingCall(calls);
        assertCall(first, conversation, 1200, 40, 1024L);
        assertThat(first.path("model").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(first.path("callId").asText()).startsWith("chatcmpl-fake-1-");
        assertThat(first.path("systemPrompt").asText()).isEqualTo("You are a weather assistant.");
        assertThat(first.path("messages").toString()).contains("What's the weather in Lyon?").doesNotContain("You are a weather");
        assertToolCall(first);
        ObjectNode answer = answeringCall(calls);
        // Its streamed call: the instrumentation passes on no usage and no response id.
        assertThat(answer.has("usage")).isFalse();
        assertThat(answer.path("messages").path(2).path("tool_call_id").asText()).isEqualTo("call_weather_1");
        assertThat(answer.path("messages").path(1).path("tool_calls").path(0).path("function").path("name").asText()).isEqualTo("get_weather");
        assertTool(capture.of("tool_execution").get(0), conversation, "call_weather_1");
        // setUser, setTags (sent as one JSON text) and setMetadata (a JSON object as text) of openinference-core.
        assertLabels(capture, "user-openinference-fixture", "[\"weather\",\"e2e\"]", "{\"plan\":\"pro\",\"seats\":12}");
        assertThat(first.path("attributes").has("tag.tags")).as("not kept twice").isFalse();
        assertThat(first.path("attributes").has("input.value")).as("content is not kept twice").isFalse();
        allValid(capture.events());
    }

    @Test
    void openLlmetrySpansExportedOneByOneMapWithTheirConversationAndItsToolSpan() throws Exception {
        Capture capture = capture("openllmetry");
        assertThat(capture.traces()).hasSize(4);
        String conversation = "conv-openllmetry-fixture";
        List<ObjectNode> calls = capture.of("llm_call");
        assertThat(calls).hasSize(2);
        ObjectNode first = toolCallingCall(calls);
        assertCall(first, conversation, 1200, 40, null);
        assertThat(first.path("systemPrompt").asText()).isEqualTo("You are a weather assistant.");
        assertToolCall(first);
        // Its streamed call carries the library's own token estimate, stored as sent.
        assertCall(answeringCall(calls), conversation, 23, 10, null);
        ObjectNode tool = capture.of("tool_execution").get(0);
        assertThat(tool.path("toolCallId").asText()).startsWith("otel-");
        assertThat(tool.path("toolName").asText()).isEqualTo("get_weather");
        assertThat(tool.path("input").path("city").asText()).isEqualTo("Lyon");
        assertThat(tool.path("assistant").path("name").asText()).isEqualTo("weather-bot");
        // withAssociationProperties({session_id, user_id, plan}): the session is the conversation, not metadata.
        assertLabels(capture, "user-openllmetry-fixture", null, "{\"plan\":\"pro\"}");
        allValid(capture.events());
    }

    @Test
    void openLlmetrysOwnProtobufExportsDecodeToTheSameSpans() throws Exception {
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            try (InputStream in = LibraryCapturesTest.class.getResourceAsStream("/otlp/openllmetry-proto-" + i + ".pb")) {
                events.addAll(GenAiSpans.map(OtlpDecoder.protobuf(in.readAllBytes(), 1000, TreeCharge.NONE)).events());
            }
        }
        assertThat(events.stream().filter(e -> e.path("type").asText().equals("llm_call")).count()).isEqualTo(2);
        assertThat(events.stream().filter(e -> e.path("type").asText().equals("tool_execution")).count()).isEqualTo(1);
    }

    @Test
    void vercelAiStepsAreCallsAndTheirSumIsNot() throws Exception {
        Capture capture = capture("vercel-ai");
        String conversation = "conv-vercel-ai-fixture";
        List<ObjectNode> calls = capture.of("llm_call");
        assertThat(calls).as("two doStream steps; the outer ai.streamText span sums them").hasSize(2);
        ObjectNode first = toolCallingCall(calls);
        assertCall(first, conversation, 1200, 40, 1024L);
        assertThat(first.path("provider").asText()).isEqualTo("openai");
        assertThat(first.path("model").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(first.path("callId").asText()).startsWith("chatcmpl-fake-1-");
        assertThat(first.path("systemPrompt").asText()).isEqualTo("You are a weather assistant.");
        assertThat(first.path("stopReason").asText()).isEqualTo("tool-calls");
        assertThat(first.path("response").has("text")).as("an empty text is no text").isFalse();
        assertToolCall(first);
        assertCall(answeringCall(calls), conversation, 1300, 25, 1152L);
        assertTool(capture.of("tool_execution").get(0), conversation, "call_weather_1");
        assertThat(first.path("assistant").path("id").asText()).isEqualTo("weather-bot");
        // experimental_telemetry.metadata {conversationId, userId, plan, seats}
        assertLabels(capture, "user-vercel-ai-fixture", null, "{\"plan\":\"pro\",\"seats\":12}");
        assertThat(first.path("attributes").has("ai.telemetry.metadata.plan")).as("not kept twice").isFalse();
        allValid(capture.events());
    }

    @Test
    void theOlderFlattenedGenAiAttributesMapToo() {
        java.util.Map<String, Object> attributes = new java.util.LinkedHashMap<>();
        attributes.put("llm.request.type", "chat");
        attributes.put("gen_ai.system", "Anthropic");
        attributes.put("gen_ai.request.model", "claude-sonnet-4-5");
        attributes.put("gen_ai.prompt.0.role", "system");
        attributes.put("gen_ai.prompt.0.content", "Be brief.");
        attributes.put("gen_ai.prompt.1.role", "user");
        attributes.put("gen_ai.prompt.1.content", "Weather in Lyon?");
        attributes.put("gen_ai.completion.0.role", "assistant");
        attributes.put("gen_ai.completion.0.finish_reason", "tool_use");
        attributes.put("gen_ai.completion.0.tool_calls.0.id", "toolu_1");
        attributes.put("gen_ai.completion.0.tool_calls.0.name", "get_weather");
        attributes.put("gen_ai.completion.0.tool_calls.0.arguments", "{\"city\":\"Lyon\"}");
        attributes.put("gen_ai.usage.prompt_tokens", 500L);
        attributes.put("gen_ai.usage.completion_tokens", 20L);
        attributes.put("gen_ai.usage.cache_read_input_tokens", 300L);
        attributes.put("traceloop.association.properties.conversation_id", "conv-legacy");
        OtlpSpan span = new OtlpSpan("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", null, "anthropic.chat", 3,
                1_764_100_800_000_000_000L, 1_764_100_801_000_000_000L, attributes, List.of(), 0, null, java.util.Map.of());
        ObjectNode call = GenAiSpans.map(List.of(span)).events().get(0);
        assertThat(call.path("systemPrompt").asText()).isEqualTo("Be brief.");
        assertThat(call.path("messages").path(0).path("content").asText()).isEqualTo("Weather in Lyon?");
        assertThat(call.path("response").path("toolCalls").path(0).path("input").path("city").asText()).isEqualTo("Lyon");
        assertThat(call.path("stopReason").asText()).isEqualTo("tool_use");
        assertCall(call, "conv-legacy", 500, 20, 300L);
        assertThat(call.has("attributes") && call.path("attributes").has("gen_ai.prompt.1.content")).isFalse();
    }

    private static Event parse(ObjectNode node) {
        EventParser parser = new EventParser(Limits.DEFAULT,
                AcceptWindow.DEFAULT, java.time.Clock.systemUTC());
        ParsedEvent parsed = parser.parse(node, "ws");
        assertThat(parsed.errors()).isEmpty();
        return parsed.event();
    }

    @SuppressWarnings("unused")
    private static String text(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
