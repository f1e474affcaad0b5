package io.apilogs.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.apilogs.model.event.AssistantRef;
import io.apilogs.model.event.ConversationRef;
import io.apilogs.model.event.ConversationEvent;
import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.model.event.Labels;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.model.event.EventType;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.LlmResponse;
import io.apilogs.model.event.ToolCall;
import io.apilogs.model.event.Usage;
import io.apilogs.model.raw.Derived;
import io.apilogs.model.raw.RawNormalizer;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one untrusted event object of API.md section 1 into a canonical {@link io.apilogs.model.event.Event},
 * or into the full list of its field errors. Paths are relative to the event.
 */
public final class EventParser {
    /** No call, execution or request lasts longer; without a bound, startedAt + durationMs leaves every date range. */
    static final long MAX_DURATION_MS = 30L * 24 * 3600 * 1000;
    /**
     * A client's {@code costUsd} for one call is below a million dollars. Costs are summed per hour, model and
     * workspace into numeric(24,9) columns (15 integer digits): with this bound no run of events can overflow a sum
     * and take later events of the same hour down with it.
     */
    public static final BigDecimal COST_LIMIT = new BigDecimal("1e6");

    private final Limits limits;
    private final AcceptWindow window;
    private final Clock clock;

    public EventParser(Limits limits) {
        this(limits, AcceptWindow.DEFAULT, Clock.systemUTC());
    }

    public EventParser(Limits limits, AcceptWindow window, Clock clock) {
        this.limits = limits;
        this.window = window;
        this.clock = clock;
    }

    public ParsedEvent parse(JsonNode node, String workspaceId) {
        List<FieldError> errors = new ArrayList<>();
        if (node == null || !node.isObject()) {
            errors.add(new FieldError("", "must be an object"));
            return new ParsedEvent(null, null, errors);
        }
        FieldReader in = new FieldReader(errors, limits);
        String eventId = in.id(node, "eventId", "eventId", true);
        String rawEventId = node.path("eventId").isTextual() ? node.get("eventId").textValue() : null;

        String typeName = in.string(node, "type", "type", true, 64);
        EventType type = typeName == null ? null : EventType.fromWire(typeName);
        if (typeName != null && type == null) {
            in.error("type", "must be one of llm_call, tool_execution, http_request, conversation");
        }

        ConversationRef conversation = conversation(node, in);
        AssistantRef assistant = assistant(node, in);
        Instant startedAt = in.time(node, "startedAt", "startedAt", true);
        if (startedAt != null) {
            String outside = window.problem(startedAt, clock.instant());
            if (outside != null) {
                in.error("startedAt", outside);
                startedAt = null;
            }
        }
        Long durationMs = in.nonNegativeLong(node, "durationMs", "durationMs", MAX_DURATION_MS, "30 days");

        Event event = null;
        if (type != null) {
            event = switch (type) {
                case LLM_CALL -> ContentCapture.redact(llmCall(node, in, workspaceId, eventId, conversation, assistant, startedAt, durationMs));
                case TOOL_EXECUTION -> ContentCapture.redact(
                        toolExecution(node, in, workspaceId, eventId, conversation, assistant, startedAt, durationMs));
                case HTTP_REQUEST -> httpRequest(node, in, workspaceId, eventId, conversation, assistant, startedAt, durationMs);
                case CONVERSATION -> new ConversationEvent(workspaceId, eventId, conversation, assistant, startedAt, durationMs);
                case CALL_CONTENT -> throw new IllegalStateException("fromWire never names an internal type");
            };
        }
        Labels labels = LabelsReader.read(node, in);
        if (!errors.isEmpty()) {
            return new ParsedEvent(eventId != null ? eventId : rawEventId, null, List.copyOf(errors));
        }
        if (labels != null) {
            event = event.withLabels(labels);
        }
        return new ParsedEvent(eventId, event, List.of());
    }

    private ConversationRef conversation(JsonNode node, FieldReader in) {
        JsonNode conv = in.object(node, "conversation", "conversation", true);
        if (conv == null) {
            return null;
        }
        String id = in.id(conv, "id", "conversation.id", true);
        String subject = in.shortText(conv, "subject", "conversation.subject", limits.maxSubjectChars());
        return new ConversationRef(id, subject);
    }

    private AssistantRef assistant(JsonNode node, FieldReader in) {
        JsonNode a = in.object(node, "assistant", "assistant", true);
        if (a == null) {
            return null;
        }
        String id = in.id(a, "id", "assistant.id", true);
        String name = in.shortText(a, "name", "assistant.name", limits.maxAssistantNameChars());
        return new AssistantRef(id, name);
    }

    private LlmCallEvent llmCall(JsonNode node, FieldReader in, String workspaceId, String eventId,
                                 ConversationRef conversation, AssistantRef assistant, Instant startedAt, Long durationMs) {
        // Explicit top-level fields win over what raw gives, field by field; a given usage replaces raw's whole.
        Derived raw = raw(node, in);
        String callId = in.id(node, "callId", "callId", false);
        String provider = or(in.string(node, "provider", "provider", false, limits.maxNameBytes()), raw == null ? null : raw.provider());
        boolean rawModel = raw != null && raw.model() != null;
        String model = or(in.string(node, "model", "model", !rawModel, limits.maxNameBytes()), rawModel ? raw.model() : null);
        String systemPrompt = or(in.string(node, "systemPrompt", "systemPrompt", false, limits.maxTextBytes()),
                raw == null ? null : derivedText(in, raw.systemPrompt(), "raw.request.system", limits.maxTextBytes()));
        JsonNode messages;
        if (node.hasNonNull("messages") || raw == null || raw.messages() == null) {
            messages = messages(node, in);
        } else {
            in.checkStrings(raw.messages(), "raw.request.messages");
            messages = raw.messages();
        }
        LlmResponse response = response(node, in, raw);
        String stopReason = or(in.string(node, "stopReason", "stopReason", false, limits.maxNameBytes()), raw == null ? null : raw.stopReason());
        Usage usage;
        if (node.hasNonNull("usage") || raw == null || raw.usage() == null) {
            usage = usage(node, in);
        } else {
            usage = raw.usage();
            for (FieldError error : UsageRules.check(usage, "raw.response.usage")) {
                in.error(error.field(), error.message());
            }
        }
        BigDecimal costUsd = in.nonNegativeDecimal(node, "costUsd", "costUsd", COST_LIMIT);
        ErrorInfo error = or(error(node, in, "error"), raw == null ? null : raw.error());
        Map<String, String> rateLimit = or(headers(node, in, "rateLimit"), raw == null ? null : raw.rateLimit());
        return new LlmCallEvent(workspaceId, eventId, conversation, assistant, startedAt, durationMs,
                callId != null ? callId : eventId, provider, model, systemPrompt, messages, response, stopReason,
                usage, costUsd, error, rateLimit, attributes(node, in));
    }

    /** What the raw provider payload gives, or null when there is none or it is invalid (its errors are recorded). */
    private Derived raw(JsonNode node, FieldReader in) {
        JsonNode raw = in.object(node, "raw", "raw", false);
        if (raw == null) {
            return null;
        }
        RawNormalizer.Result result = RawNormalizer.normalize(raw);
        result.errors().forEach(e -> in.error(e.field(), e.message()));
        return result.errors().isEmpty() ? result.derived() : null;
    }

    /** A text derived from raw obeys the same limits as the explicit field. */
    private static String derivedText(FieldReader in, String value, String path, int maxBytes) {
        if (value == null) {
            return null;
        }
        if (value.indexOf('\u0000') >= 0) {
            in.error(path, "must not contain the NUL character (U+0000)");
            return null;
        }
        if (FieldReader.utf8LongerThan(value, maxBytes)) {
            in.error(path, "must be at most " + maxBytes + " bytes");
            return null;
        }
        return value;
    }

    private static <T> T or(T explicit, T derived) {
        return explicit != null ? explicit : derived;
    }

    private ToolExecutionEvent toolExecution(JsonNode node, FieldReader in, String workspaceId, String eventId,
                                             ConversationRef conversation, AssistantRef assistant, Instant startedAt, Long durationMs) {
        String toolCallId = in.id(node, "toolCallId", "toolCallId", true);
        String callId = in.id(node, "callId", "callId", false);
        String toolName = in.string(node, "toolName", "toolName", false, limits.maxNameBytes());
        JsonNode input = node.get("input");
        in.checkStrings(input, "input");
        JsonNode result = node.get("result");
        in.checkStrings(result, "result");
        ErrorInfo error = error(node, in, "error");
        return new ToolExecutionEvent(workspaceId, eventId, conversation, assistant, startedAt, durationMs,
                toolCallId, callId, toolName, input, result, error, attributes(node, in));
    }

    private HttpRequestEvent httpRequest(JsonNode node, FieldReader in, String workspaceId, String eventId,
                                         ConversationRef conversation, AssistantRef assistant, Instant startedAt, Long durationMs) {
        String plugin = in.string(node, "plugin", "plugin", false, limits.maxNameBytes());
        String toolCallId = in.id(node, "toolCallId", "toolCallId", false);
        String method = in.string(node, "method", "method", false, 32);
        String url = in.string(node, "url", "url", false, limits.maxNameBytes());
        Long status = in.nonNegativeLong(node, "statusCode", "statusCode");
        if (status != null && (status < 100 || status > 599)) {
            in.error("statusCode", "must be an HTTP status between 100 and 599");
            status = null;
        }
        Map<String, String> requestHeaders = headers(node, in, "requestHeaders");
        Map<String, String> responseHeaders = headers(node, in, "responseHeaders");
        ErrorInfo error = error(node, in, "error");
        return HttpCapture.redactAndTruncate(new HttpRequestEvent(workspaceId, eventId, conversation, assistant,
                startedAt, durationMs, plugin, toolCallId, method, url, status == null ? null : status.intValue(),
                requestHeaders, responseHeaders, node.get("requestBody"), node.get("responseBody"), null, null, error,
                attributes(node, in)), limits.maxHttpBodyBytes());
    }

    /**
     * {@code attributes}: an object of other things the source reported (OpenTelemetry span attributes no field maps),
     * kept and shown in the detail. Strings obey the text limits; secrets are redacted as in HTTP bodies.
     */
    private static JsonNode attributes(JsonNode node, FieldReader in) {
        JsonNode attributes = in.object(node, "attributes", "attributes", false);
        if (attributes == null) {
            return null;
        }
        in.checkStrings(attributes, "attributes");
        return io.apilogs.model.redaction.Redactor.redactAttributes(attributes);
    }

    private JsonNode messages(JsonNode node, FieldReader in) {
        JsonNode messages = in.array(node, "messages", "messages");
        if (messages == null) {
            return JsonNodeFactory.instance.arrayNode();
        }
        for (int i = 0; i < messages.size(); i++) {
            String path = "messages[" + i + "]";
            JsonNode message = messages.get(i);
            if (!message.isObject()) {
                in.error(path, "must be an object");
                continue;
            }
            in.string(message, "role", path + ".role", true, limits.maxNameBytes());
            JsonNode content = message.get("content");
            if (content != null && !content.isNull() && !content.isTextual() && !content.isArray()) {
                in.error(path + ".content", "must be a string or an array of parts");
            } else {
                in.checkStrings(content, path + ".content");
            }
        }
        return messages;
    }

    private LlmResponse response(JsonNode node, FieldReader in, Derived raw) {
        JsonNode response = in.object(node, "response", "response", false);
        String rawText = raw == null ? null : derivedText(in, raw.text(), "raw.response", limits.maxTextBytes());
        String rawThinking = raw == null ? null : derivedText(in, raw.thinking(), "raw.response", limits.maxTextBytes());
        List<ToolCall> rawCalls = raw == null ? List.of() : raw.toolCalls();
        if (response == null) {
            return new LlmResponse(rawText, rawThinking, rawCalls);
        }
        String text = or(in.string(response, "text", "response.text", false, limits.maxTextBytes()), rawText);
        String thinking = or(in.string(response, "thinking", "response.thinking", false, limits.maxTextBytes()), rawThinking);
        if (!response.hasNonNull("toolCalls")) {
            return new LlmResponse(text, thinking, rawCalls);
        }
        List<ToolCall> toolCalls = new ArrayList<>();
        JsonNode calls = in.array(response, "toolCalls", "response.toolCalls");
        if (calls != null) {
            for (int i = 0; i < calls.size(); i++) {
                String path = "response.toolCalls[" + i + "]";
                JsonNode call = calls.get(i);
                if (!call.isObject()) {
                    in.error(path, "must be an object");
                    continue;
                }
                String id = in.id(call, "id", path + ".id", true);
                String name = in.string(call, "name", path + ".name", true, limits.maxNameBytes());
                JsonNode input = call.get("input");
                in.checkStrings(input, path + ".input");
                toolCalls.add(new ToolCall(id, name, input));
            }
        }
        return new LlmResponse(text, thinking, List.copyOf(toolCalls));
    }

    private Usage usage(JsonNode node, FieldReader in) {
        JsonNode usage = in.object(node, "usage", "usage", false);
        if (usage == null) {
            return Usage.EMPTY;
        }
        Long input = in.nonNegativeLong(usage, "inputTokens", "usage.inputTokens");
        Long output = in.nonNegativeLong(usage, "outputTokens", "usage.outputTokens");
        Long cacheRead = in.nonNegativeLong(usage, "cacheReadTokens", "usage.cacheReadTokens");
        Long cacheWrite = in.nonNegativeLong(usage, "cacheWriteTokens", "usage.cacheWriteTokens");
        Long cacheWrite1h = in.nonNegativeLong(usage, "cacheWrite1hTokens", "usage.cacheWrite1hTokens");
        Long reasoning = in.nonNegativeLong(usage, "reasoningTokens", "usage.reasoningTokens");
        Usage result = new Usage(input, output, cacheRead, cacheWrite, cacheWrite1h, reasoning);
        for (FieldError error : UsageRules.check(result, "usage")) {
            in.error(error.field(), error.message());
        }
        return result;
    }

    private ErrorInfo error(JsonNode node, FieldReader in, String field) {
        JsonNode value = node.get(field);
        if (value != null && value.isTextual()) {
            // Tools often report a failure as a bare message.
            String message = in.string(node, field, field, false, limits.maxTextBytes());
            return message == null ? null : new ErrorInfo(null, message, null);
        }
        JsonNode error = in.object(node, field, field, false);
        if (error == null) {
            return null;
        }
        String type = in.string(error, "type", field + ".type", false, limits.maxNameBytes());
        String message = in.string(error, "message", field + ".message", false, limits.maxTextBytes());
        Integer status = in.httpStatus(error, "httpStatus", field + ".httpStatus");
        return new ErrorInfo(type, message, status);
    }

    private Map<String, String> headers(JsonNode node, FieldReader in, String field) {
        JsonNode headers = in.object(node, field, field, false);
        if (headers == null) {
            return null;
        }
        Map<String, String> result = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = headers.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = field + "." + e.getKey();
            JsonNode value = e.getValue();
            if (!value.isTextual() && !value.isNumber()) {
                in.error(path, "must be a string");
                continue;
            }
            String text = value.asText();
            if (text.indexOf('\u0000') >= 0) {
                in.error(path, "must not contain the NUL character (U+0000)");
                continue;
            }
            if (FieldReader.utf8LongerThan(text, limits.maxNameBytes()) || FieldReader.utf8LongerThan(e.getKey(), limits.maxNameBytes())) {
                in.error(path, "must be at most " + limits.maxNameBytes() + " bytes");
                continue;
            }
            result.put(e.getKey(), text);
        }
        return Collections.unmodifiableMap(result);
    }
}
