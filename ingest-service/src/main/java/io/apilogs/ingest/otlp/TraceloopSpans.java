package io.apilogs.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * OpenLLMetry's own spans ({@code traceloop.span.kind}: workflow, task, agent, tool). Its LLM spans follow the GenAI
 * conventions and are read by {@link GenAiConvention}; here only its tool spans ({@code withTool}) become tool runs.
 * They carry no tool-call id, so they are stored under one of their own ({@code otel-<spanId>}).
 */
final class TraceloopSpans implements Convention {
    private static final Set<String> MAPPED = Set.of("traceloop.span.kind", "traceloop.entity.name", "traceloop.entity.input",
            "traceloop.entity.output", "traceloop.association.properties.session_id", "traceloop.association.properties.sessionId",
            "traceloop.association.properties.conversation_id", "traceloop.association.properties.conversationId");

    @Override
    public Kind kind(OtlpSpan span) {
        String kind = span.string("traceloop.span.kind");
        if (kind == null || span.string("gen_ai.operation.name") != null || span.string("llm.request.type") != null) {
            return null;
        }
        return kind.equals("tool") ? Kind.TOOL : Kind.OTHER;
    }

    @Override
    public boolean maps(String key) {
        return MAPPED.contains(key);
    }

    @Override
    public void llmCall(OtlpSpan span, ObjectNode event) {
        throw new IllegalStateException("OpenLLMetry's LLM spans follow the GenAI conventions");
    }

    @Override
    public void toolExecution(OtlpSpan span, ObjectNode event) {
        String name = span.string("traceloop.entity.name");
        event.put("toolName", name != null ? name : span.name().replaceFirst("\\.tool$", ""));
        // {"args": [...], "kwargs": {...}}: a tool called with keyword arguments only shows them alone.
        JsonNode input = GenAiMessages.parse(span.attributes().get("traceloop.entity.input"));
        if (input != null && input.isObject() && input.path("args").isArray() && input.path("args").isEmpty() && input.has("kwargs")) {
            input = input.get("kwargs");
        }
        if (input != null) {
            event.set("input", input);
        }
        JsonNode result = GenAiMessages.parse(span.attributes().get("traceloop.entity.output"));
        if (result != null) {
            event.set("result", result);
        }
    }
}
