package io.apilogs.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.LlmResponse;
import io.apilogs.model.event.ToolCall;
import io.apilogs.model.event.ToolExecutionEvent;
import io.apilogs.model.redaction.Redactor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes an LLM call or a tool execution safe to keep, as {@link HttpCapture} does for HTTP requests (issue 22): secret
 * shapes, PEM keys, bearer credentials and URL credentials are redacted in the system prompt, messages, response text,
 * thinking, tool-call inputs, tool inputs and results ({@link Redactor#redactContent}); error messages as free text
 * ({@link Redactor#redactText}); rate-limit headers by name, as HTTP headers are. Runs in ingest, before Kafka.
 */
final class ContentCapture {
    private ContentCapture() {
    }

    static LlmCallEvent redact(LlmCallEvent e) {
        return new LlmCallEvent(e.workspaceId(), e.eventId(), e.conversation(), e.assistant(), e.startedAt(), e.durationMs(),
                e.callId(), e.provider(), e.model(), Redactor.redactContent(e.systemPrompt()), Redactor.redactContent(e.messages()),
                response(e.response()), e.stopReason(), e.usage(), e.costUsd(), error(e.error()), rateLimit(e.rateLimit()),
                e.attributes());
    }

    static ToolExecutionEvent redact(ToolExecutionEvent e) {
        return new ToolExecutionEvent(e.workspaceId(), e.eventId(), e.conversation(), e.assistant(), e.startedAt(), e.durationMs(),
                e.toolCallId(), e.callId(), e.toolName(), Redactor.redactContent(e.input()), Redactor.redactContent(e.result()),
                error(e.error()), e.attributes());
    }

    static ErrorInfo error(ErrorInfo error) {
        if (error == null || error.message() == null) {
            return error;
        }
        return new ErrorInfo(error.type(), Redactor.redactText(error.message()), error.httpStatus());
    }

    private static LlmResponse response(LlmResponse response) {
        if (response == null) {
            return null;
        }
        List<ToolCall> calls = new ArrayList<>(response.toolCalls().size());
        for (ToolCall call : response.toolCalls()) {
            JsonNode input = Redactor.redactContent(call.input());
            calls.add(input == call.input() ? call : new ToolCall(call.id(), call.name(), input));
        }
        return new LlmResponse(Redactor.redactContent(response.text()), Redactor.redactContent(response.thinking()), calls);
    }

    /**
     * The provider's rate-limit headers, kept for their counts: a client that passes every response header along would
     * otherwise store its {@code set-cookie} and {@code authorization} too.
     */
    private static Map<String, String> rateLimit(Map<String, String> headers) {
        return headers == null ? null : Redactor.redactHeaders(headers);
    }
}
