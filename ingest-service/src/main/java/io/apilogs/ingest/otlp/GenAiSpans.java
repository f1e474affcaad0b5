package io.apilogs.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spans that follow the OpenTelemetry GenAI semantic conventions, as API Logs events (the JSON of {@code POST /v1/events},
 * which then goes through the same validation, redaction and publishing):
 * <ul>
 *   <li>{@code chat}, {@code text_completion} and {@code generate_content} spans become {@code llm_call};</li>
 *   <li>{@code execute_tool} spans become {@code tool_execution};</li>
 *   <li>HTTP client spans below a tool span of the same export become {@code http_request}, for that tool.</li>
 * </ul>
 * Other spans are not GenAI spans and are left out. The eventId is {@code otel-<traceId>-<spanId>}, so an export sent
 * again is stored once.
 */
final class GenAiSpans {
    static final Set<String> LLM_OPERATIONS = Set.of("chat", "text_completion", "generate_content");
    private static final Set<String> COMMON = Set.of("gen_ai.operation.name", "gen_ai.conversation.id", "gen_ai.agent.id",
            "gen_ai.agent.name", "error.type");
    /** The attributes llm_call fields take; every other one is kept in {@code attributes}. */
    static final Set<String> LLM_MAPPED = Set.of("gen_ai.provider.name", "gen_ai.system", "gen_ai.request.model",
            "gen_ai.response.model", "gen_ai.response.id", "gen_ai.system_instructions", "gen_ai.input.messages",
            "gen_ai.output.messages", "gen_ai.response.finish_reasons", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
            "gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_creation.input_tokens", "gen_ai.usage.reasoning.output_tokens");
    static final Set<String> TOOL_MAPPED = Set.of("gen_ai.tool.name", "gen_ai.tool.call.id", "gen_ai.tool.call.arguments",
            "gen_ai.tool.call.result");
    static final Set<String> HTTP_MAPPED = Set.of("http.request.method", "http.method", "url.full", "http.url",
            "http.response.status_code", "http.status_code");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The events made, and how many spans were left out for not being GenAI spans. */
    record Mapped(List<ObjectNode> events, int ignored) {
    }

    private GenAiSpans() {
    }

    static Mapped map(List<OtlpSpan> spans) {
        Map<String, OtlpSpan> byId = new HashMap<>();
        spans.forEach(span -> {
            if (span.spanId() != null) {
                byId.put(span.spanId(), span);
            }
        });
        List<ObjectNode> events = new ArrayList<>();
        int ignored = 0;
        for (OtlpSpan span : spans) {
            String operation = span.string("gen_ai.operation.name");
            if (operation != null && LLM_OPERATIONS.contains(operation)) {
                events.add(llmCall(span));
            } else if ("execute_tool".equals(operation)) {
                events.add(toolExecution(span));
            } else {
                OtlpSpan tool = isHttpClient(span) ? toolAbove(span, byId) : null;
                if (tool != null) {
                    events.add(httpRequest(span, tool));
                } else {
                    ignored++;
                }
            }
        }
        return new Mapped(events, ignored);
    }

    private static boolean isHttpClient(OtlpSpan span) {
        return span.kind() == OtlpSpan.KIND_CLIENT && (span.attributes().containsKey("http.request.method")
                || span.attributes().containsKey("http.method"));
    }

    /** The nearest execute_tool span above this one in the export, or null. */
    private static OtlpSpan toolAbove(OtlpSpan span, Map<String, OtlpSpan> byId) {
        OtlpSpan at = span.parentSpanId() == null ? null : byId.get(span.parentSpanId());
        for (int depth = 0; at != null && depth < 64; depth++) {
            if ("execute_tool".equals(at.string("gen_ai.operation.name"))) {
                return at;
            }
            at = at.parentSpanId() == null ? null : byId.get(at.parentSpanId());
        }
        return null;
    }

    private static ObjectNode common(OtlpSpan span, String type, String conversationId) {
        ObjectNode event = JSON.objectNode();
        event.put("eventId", "otel-" + span.traceId() + "-" + span.spanId());
        event.put("type", type);
        ObjectNode conversation = event.putObject("conversation");
        String conversationFromSpan = span.string("gen_ai.conversation.id");
        conversation.put("id", conversationId != null ? conversationId
                : conversationFromSpan != null ? conversationFromSpan : "trace-" + span.traceId());
        ObjectNode assistant = event.putObject("assistant");
        String agentId = span.string("gen_ai.agent.id");
        String agentName = span.string("gen_ai.agent.name");
        Object service = span.resource().get("service.name");
        assistant.put("id", agentId != null ? agentId : agentName != null ? agentName : service != null ? String.valueOf(service) : "unknown");
        if (agentName != null) {
            assistant.put("name", agentName);
        }
        event.put("startedAt", Instant.ofEpochSecond(0, span.startNanos()).toString());
        if (span.endNanos() >= span.startNanos() && span.endNanos() > 0) {
            event.put("durationMs", (span.endNanos() - span.startNanos()) / 1_000_000);
        }
        if (span.statusCode() == OtlpSpan.STATUS_ERROR) {
            ObjectNode error = event.putObject("error");
            String type2 = span.string("error.type");
            error.put("type", type2 != null ? type2 : "error");
            error.put("message", span.statusMessage() == null || span.statusMessage().isEmpty() ? "the span ended with an error"
                    : span.statusMessage());
        }
        return event;
    }

    static ObjectNode llmCall(OtlpSpan span) {
        Map<String, Object> attributes = withDetailEvents(span);
        OtlpSpan merged = new OtlpSpan(span.traceId(), span.spanId(), span.parentSpanId(), span.name(), span.kind(), span.startNanos(),
                span.endNanos(), attributes, span.events(), span.statusCode(), span.statusMessage(), span.resource());
        ObjectNode event = common(merged, "llm_call", null);
        String provider = merged.string("gen_ai.provider.name") != null ? merged.string("gen_ai.provider.name") : merged.string("gen_ai.system");
        if (provider != null) {
            event.put("provider", provider);
        }
        String model = merged.string("gen_ai.response.model") != null ? merged.string("gen_ai.response.model")
                : merged.string("gen_ai.request.model");
        event.put("model", model);
        String responseId = merged.string("gen_ai.response.id");
        if (responseId != null && responseId.matches("[A-Za-z0-9._:-]{1,128}")) {
            event.put("callId", responseId);
        }
        String system = GenAiMessages.texts(GenAiMessages.parse(merged.attributes().get("gen_ai.system_instructions")));
        if (system != null) {
            event.put("systemPrompt", system);
        }
        JsonNode input = GenAiMessages.parse(merged.attributes().get("gen_ai.input.messages"));
        if (input != null && input.isArray()) {
            event.set("messages", input);
        }
        ObjectNode response = GenAiMessages.response(GenAiMessages.parse(merged.attributes().get("gen_ai.output.messages")));
        if (response != null) {
            event.set("response", response);
        }
        Object finish = merged.attributes().get("gen_ai.response.finish_reasons");
        if (finish instanceof List<?> reasons && !reasons.isEmpty()) {
            event.put("stopReason", String.valueOf(reasons.get(0)));
        } else if (finish instanceof String reason) {
            event.put("stopReason", reason);
        }
        ObjectNode usage = JSON.objectNode();
        putNumber(usage, "inputTokens", merged.number("gen_ai.usage.input_tokens"));
        putNumber(usage, "outputTokens", merged.number("gen_ai.usage.output_tokens"));
        putNumber(usage, "cacheReadTokens", merged.number("gen_ai.usage.cache_read.input_tokens"));
        putNumber(usage, "cacheWriteTokens", merged.number("gen_ai.usage.cache_creation.input_tokens"));
        putNumber(usage, "reasoningTokens", merged.number("gen_ai.usage.reasoning.output_tokens"));
        if (!usage.isEmpty()) {
            event.set("usage", usage);
        }
        keepUnmapped(event, merged, LLM_MAPPED);
        return event;
    }

    /**
     * The span's attributes, plus those carried by a {@code gen_ai.client.inference.operation.details} event (where
     * instrumentations that don't put content on the span put it); the span's own win.
     */
    private static Map<String, Object> withDetailEvents(OtlpSpan span) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (OtlpSpan.SpanEvent event : span.events()) {
            if (event.name().startsWith("gen_ai.")) {
                event.attributes().forEach((key, value) -> {
                    if (key.startsWith("gen_ai.")) {
                        attributes.put(key, value);
                    }
                });
            }
        }
        attributes.putAll(span.attributes());
        return attributes;
    }

    static ObjectNode toolExecution(OtlpSpan span) {
        ObjectNode event = common(span, "tool_execution", null);
        String toolCallId = span.string("gen_ai.tool.call.id");
        event.put("toolCallId", toolCallId != null ? toolCallId : "otel-" + span.spanId());
        String name = span.string("gen_ai.tool.name");
        if (name != null) {
            event.put("toolName", name);
        }
        JsonNode input = GenAiMessages.parse(span.attributes().get("gen_ai.tool.call.arguments"));
        if (input != null) {
            event.set("input", input);
        }
        JsonNode result = GenAiMessages.parse(span.attributes().get("gen_ai.tool.call.result"));
        if (result != null) {
            event.set("result", result);
        }
        keepUnmapped(event, span, TOOL_MAPPED);
        return event;
    }

    static ObjectNode httpRequest(OtlpSpan span, OtlpSpan tool) {
        String toolConversation = tool.string("gen_ai.conversation.id");
        ObjectNode event = common(span, "http_request", toolConversation != null ? toolConversation : "trace-" + tool.traceId());
        String toolName = tool.string("gen_ai.tool.name");
        event.put("plugin", toolName != null ? toolName : "tool");
        String toolCallId = tool.string("gen_ai.tool.call.id");
        event.put("toolCallId", toolCallId != null ? toolCallId : "otel-" + tool.spanId());
        String method = span.string("http.request.method") != null ? span.string("http.request.method") : span.string("http.method");
        event.put("method", method);
        String url = span.string("url.full") != null ? span.string("url.full") : span.string("http.url");
        if (url != null) {
            event.put("url", url);
        }
        Long status = span.number("http.response.status_code") != null ? span.number("http.response.status_code")
                : span.number("http.status_code");
        if (status != null) {
            event.put("statusCode", status);
        }
        ObjectNode requestHeaders = headers(span, "http.request.header.");
        if (!requestHeaders.isEmpty()) {
            event.set("requestHeaders", requestHeaders);
        }
        ObjectNode responseHeaders = headers(span, "http.response.header.");
        if (!responseHeaders.isEmpty()) {
            event.set("responseHeaders", responseHeaders);
        }
        keepUnmapped(event, span, HTTP_MAPPED);
        return event;
    }

    /**
     * Every attribute no field took, as {@code attributes}: the span's own by name, the resource's as
     * {@code resource.<name>} ({@code service.name} included, since it may not have named the assistant).
     */
    private static void keepUnmapped(ObjectNode event, OtlpSpan span, Set<String> mapped) {
        ObjectNode kept = JSON.objectNode();
        span.attributes().forEach((key, value) -> {
            boolean taken = mapped.contains(key) || COMMON.contains(key) || key.startsWith("http.request.header.")
                    || key.startsWith("http.response.header.");
            if (!taken && value != null) {
                kept.set(key, io.apilogs.model.Json.CANONICAL.valueToTree(value));
            }
        });
        span.resource().forEach((key, value) -> {
            if (value != null) {
                kept.set("resource." + key, io.apilogs.model.Json.CANONICAL.valueToTree(value));
            }
        });
        if (!kept.isEmpty()) {
            event.set("attributes", kept);
        }
    }

    private static ObjectNode headers(OtlpSpan span, String prefix) {
        ObjectNode headers = JSON.objectNode();
        span.attributes().forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                String name = key.substring(prefix.length());
                headers.put(name, value instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf).toList())
                        : String.valueOf(value));
            }
        });
        return headers;
    }

    private static void putNumber(ObjectNode node, String field, Long value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
