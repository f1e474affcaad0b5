package io.apilogs.ingest.otlp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a span's conversation, end user and assistant come from. Instrumentations put them in different places: the
 * OTel GenAI conventions on an agent span above the chat spans, OpenInference ({@code session.id}, {@code user.id})
 * and OpenLLMetry ({@code traceloop.association.properties.*}) on every span, the Vercel AI SDK in its telemetry
 * metadata ({@code ai.telemetry.metadata.*}). A span takes each from the first of: itself; its ancestors in the
 * export, nearest first; the resource. Keys are tried in the order listed at each of those.
 */
final class SpanContext {
    static final List<String> CONVERSATION_KEYS = List.of("gen_ai.conversation.id", "session.id",
            "ai.telemetry.metadata.conversationId", "ai.telemetry.metadata.conversation_id", "ai.telemetry.metadata.sessionId",
            "ai.telemetry.metadata.session_id", "traceloop.association.properties.conversation_id",
            "traceloop.association.properties.conversationId", "traceloop.association.properties.session_id",
            "traceloop.association.properties.sessionId", "traceloop.association.properties.thread_id",
            "traceloop.association.properties.chat_id");
    static final List<String> USER_KEYS = List.of("user.id", "enduser.id", "ai.telemetry.metadata.userId", "ai.telemetry.metadata.user_id",
            "traceloop.association.properties.user_id", "traceloop.association.properties.userId");
    static final List<String> AGENT_ID_KEYS = List.of("gen_ai.agent.id");
    static final List<String> AGENT_NAME_KEYS = List.of("gen_ai.agent.name", "agent.name", "ai.telemetry.functionId", "traceloop.workflow.name");
    /** How far up a parent chain is followed (a cycle of parent ids must not loop). */
    private static final int MAX_DEPTH = 64;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Map<String, OtlpSpan> byId = new HashMap<>();
    private final List<OtlpSpan> spans;

    SpanContext(List<OtlpSpan> spans) {
        this.spans = spans;
        for (OtlpSpan span : spans) {
            if (span.spanId() != null) {
                byId.put(span.spanId(), span);
            }
        }
    }

    OtlpSpan parent(OtlpSpan span) {
        return span.parentSpanId() == null ? null : byId.get(span.parentSpanId());
    }

    /** The first value of {@code keys} on the span, its ancestors, then its resource; or null. */
    String find(OtlpSpan span, List<String> keys) {
        OtlpSpan at = span;
        for (int depth = 0; at != null && depth < MAX_DEPTH; depth++) {
            String value = own(at.attributes(), keys);
            if (value != null) {
                return value;
            }
            at = parent(at);
        }
        return own(span.resource(), keys);
    }

    static String own(Map<String, Object> attributes, List<String> keys) {
        for (String key : keys) {
            String value = OtlpSpan.string(attributes, key);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    String conversation(OtlpSpan span) {
        String found = find(span, CONVERSATION_KEYS);
        return found != null ? found : "trace-" + span.traceId();
    }

    String user(OtlpSpan span) {
        return find(span, USER_KEYS);
    }

    /** {@code {"id", "name"}}: the agent's id, else its name, else the service's name. */
    ObjectNode assistant(OtlpSpan span) {
        ObjectNode assistant = JSON.objectNode();
        String id = find(span, AGENT_ID_KEYS);
        String name = find(span, AGENT_NAME_KEYS);
        Object service = span.resource().get("service.name");
        assistant.put("id", id != null ? id : name != null ? name : service != null ? String.valueOf(service) : "unknown");
        if (name != null) {
            assistant.put("name", name);
        }
        return assistant;
    }

    /**
     * One {@code conversation} event per trace whose conversation a span of the export names: the highest such span
     * (its own attribute, not an inherited one). Calls of the trace exported earlier, before that span ended, are
     * stored in the stand-in {@code trace-<traceId>}; the writer moves them into the conversation this event names.
     */
    List<ObjectNode> links() {
        Map<String, OtlpSpan> topByTrace = new LinkedHashMap<>();
        List<OtlpSpan> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingLong(OtlpSpan::startNanos));
        for (OtlpSpan span : sorted) {
            if (span.traceId() != null && span.spanId() != null && own(span.attributes(), CONVERSATION_KEYS) != null) {
                topByTrace.merge(span.traceId(), span, (a, b) -> depth(b) < depth(a) ? b : a);
            }
        }
        List<ObjectNode> links = new ArrayList<>();
        topByTrace.forEach((trace, span) -> {
            ObjectNode link = JSON.objectNode();
            link.put("eventId", "otel-" + trace + "-" + span.spanId() + "-link");
            link.put("type", "conversation");
            link.putObject("conversation").put("id", own(span.attributes(), CONVERSATION_KEYS));
            link.set("assistant", assistant(span));
            link.put("startedAt", java.time.Instant.ofEpochSecond(0, span.startNanos()).toString());
            links.add(link);
        });
        return links;
    }

    private int depth(OtlpSpan span) {
        int depth = 0;
        for (OtlpSpan at = parent(span); at != null && depth < MAX_DEPTH; at = parent(at)) {
            depth++;
        }
        return depth;
    }
}
