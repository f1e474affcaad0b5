package io.apilogs.ingest.otlp;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One library's way of describing LLM calls and tool runs on spans. {@link #of} picks the convention a span follows;
 * each reads its own attribute names into the fields of {@code POST /v1/events}, with the same meaning of tokens
 * (input includes cached input; output includes reasoning).
 */
interface Convention {
    /** What a span is, under the convention it follows. */
    enum Kind { LLM_CALL, TOOL, OTHER }

    /** What the span is under this convention, or null when the span does not follow it. */
    Kind kind(OtlpSpan span);

    /** Fills an llm_call's own fields (provider, model, callId, systemPrompt, messages, response, stopReason, usage). */
    void llmCall(OtlpSpan span, ObjectNode event);

    /** Fills a tool_execution's own fields (toolCallId, toolName, input, result). */
    void toolExecution(OtlpSpan span, ObjectNode event);

    /** Whether a field took this attribute, so it is not kept again in {@code attributes}. */
    boolean maps(String key);

    /** In order: the first that claims a span reads it. */
    Convention[] ALL = {new OpenInferenceSpans(), new VercelAiSpans(), new TraceloopSpans(), new GenAiConvention()};

    /** The convention the span follows, or null for a span none describes (HTTP, database, framework spans). */
    static Convention of(OtlpSpan span) {
        for (Convention convention : ALL) {
            if (convention.kind(span) != null) {
                return convention;
            }
        }
        return null;
    }
}
