package io.apilogs.ingest.otlp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.model.Json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An export's spans as API Logs events (the JSON of {@code POST /v1/events}, which then goes through the same
 * validation, redaction and publishing):
 * <ul>
 *   <li>spans a {@link Convention} calls LLM calls become {@code llm_call}, its tool spans {@code tool_execution};</li>
 *   <li>HTTP client spans below a tool span of the same export become {@code http_request}, for that tool;</li>
 *   <li>each trace whose conversation a span names also gets a {@code conversation} event that links the trace's
 *       stand-in ({@code trace-<traceId>}) to it, for its calls exported before that span ({@link SpanContext#links}).</li>
 * </ul>
 * Conversation, end user and assistant come from the span, its ancestors or the resource ({@link SpanContext}). Other
 * spans are left out. The eventId is {@code otel-<traceId>-<spanId>}, so an export sent again is stored once.
 */
final class GenAiSpans {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** The events made, and how many spans were left out for not being GenAI spans. */
    record Mapped(List<ObjectNode> events, int ignored) {
    }

    private GenAiSpans() {
    }

    static Mapped map(List<OtlpSpan> spans) {
        SpanContext context = new SpanContext(spans);
        List<ObjectNode> events = new ArrayList<>();
        int ignored = 0;
        // An export holds spans by scope, in the order they ended; the timeline wants them in the order they started, and
        // gets the export's order as seq, its tiebreak. JS SDKs start spans at whole milliseconds, so a tool and the
        // call after it often start "together": the one that ended first came first.
        List<OtlpSpan> byStart = new ArrayList<>(spans);
        byStart.sort(Comparator.comparingLong(OtlpSpan::startNanos).thenComparingLong(OtlpSpan::endNanos));
        for (OtlpSpan span : byStart) {
            Convention convention = Convention.of(span);
            Convention.Kind kind = convention == null ? null : convention.kind(span);
            if (kind == Convention.Kind.LLM_CALL) {
                ObjectNode event = common(span, "llm_call", context);
                convention.llmCall(span, event);
                keepUnmapped(event, span, convention::maps, context);
                events.add(event);
            } else if (kind == Convention.Kind.TOOL) {
                ObjectNode event = common(span, "tool_execution", context);
                convention.toolExecution(span, event);
                if (!event.has("toolCallId")) {
                    event.put("toolCallId", "otel-" + span.spanId());
                }
                keepUnmapped(event, span, convention::maps, context);
                events.add(event);
            } else {
                OtlpSpan tool = isHttpClient(span) ? toolAbove(span, context) : null;
                if (tool != null) {
                    events.add(HttpSpans.httpRequest(span, tool, common(span, "http_request", context), context));
                } else {
                    ignored++;
                }
            }
        }
        events.addAll(context.links());
        return new Mapped(events, ignored);
    }

    private static boolean isHttpClient(OtlpSpan span) {
        return span.kind() == OtlpSpan.KIND_CLIENT && (span.attributes().containsKey("http.request.method")
                || span.attributes().containsKey("http.method"));
    }

    /** The nearest tool span above this one in the export, or null. */
    private static OtlpSpan toolAbove(OtlpSpan span, SpanContext context) {
        OtlpSpan at = context.parent(span);
        for (int depth = 0; at != null && depth < 64; depth++) {
            Convention convention = Convention.of(at);
            if (convention != null && convention.kind(at) == Convention.Kind.TOOL) {
                return at;
            }
            at = context.parent(at);
        }
        return null;
    }

    static ObjectNode common(OtlpSpan span, String type, SpanContext context) {
        ObjectNode event = JSON.objectNode();
        event.put("eventId", "otel-" + span.traceId() + "-" + span.spanId());
        event.put("type", type);
        event.putObject("conversation").put("id", context.conversation(span));
        event.set("assistant", context.assistant(span));
        event.put("startedAt", Instant.ofEpochSecond(0, span.startNanos()).toString());
        if (span.endNanos() >= span.startNanos() && span.endNanos() > 0) {
            event.put("durationMs", (span.endNanos() - span.startNanos()) / 1_000_000);
        }
        SpanLabels.apply(event, span, context);
        if (span.statusCode() == OtlpSpan.STATUS_ERROR) {
            ObjectNode error = event.putObject("error");
            String errorType = span.string("error.type");
            error.put("type", errorType != null ? errorType : "error");
            error.put("message", span.statusMessage() == null || span.statusMessage().isEmpty() ? "the span ended with an error"
                    : span.statusMessage());
        }
        return event;
    }

    /**
     * Every attribute no field took, as {@code attributes}: the span's own by name, the resource's as
     * {@code resource.<name>} ({@code service.name} included, since it may not have named the assistant). The end
     * user, tags and metadata are the event's own fields ({@link SpanLabels}).
     */
    static void keepUnmapped(ObjectNode event, OtlpSpan span, java.util.function.Predicate<String> mapped, SpanContext context) {
        ObjectNode kept = JSON.objectNode();
        span.attributes().forEach((key, value) -> {
            boolean taken = mapped.test(key) || SpanContext.CONVERSATION_KEYS.contains(key) || SpanLabels.reads(key)
                    || key.startsWith("http.request.header.") || key.startsWith("http.response.header.");
            if (!taken && value != null) {
                kept.set(key, Json.CANONICAL.valueToTree(value));
            }
        });
        span.resource().forEach((key, value) -> {
            if (value != null) {
                kept.set("resource." + key, Json.CANONICAL.valueToTree(value));
            }
        });
        if (!kept.isEmpty()) {
            event.set("attributes", kept);
        }
    }
}
