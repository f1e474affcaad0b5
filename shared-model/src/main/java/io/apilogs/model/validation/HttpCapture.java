package io.apilogs.model.validation;

import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.model.redaction.Bodies;
import io.apilogs.model.redaction.Redactor;

import java.util.Map;

/**
 * Makes a tool plugin's HTTP request safe to keep: credentials in headers, URL and bodies become {@code [REDACTED]},
 * then bodies are cut to the size limit. This runs in ingest, before the event goes anywhere, Kafka included.
 * The error message is redacted as free text too ({@link Redactor#redactText}): plugins often copy a failed
 * response, or the request that failed, into it.
 */
final class HttpCapture {
    private HttpCapture() {
    }

    static HttpRequestEvent redactAndTruncate(HttpRequestEvent e, int maxBodyBytes) {
        Bodies.Prepared request = Bodies.prepare(e.requestBody(), contentType(e.requestHeaders()), maxBodyBytes);
        Bodies.Prepared response = Bodies.prepare(e.responseBody(), contentType(e.responseHeaders()), maxBodyBytes);
        return new HttpRequestEvent(e.workspaceId(), e.eventId(), e.conversation(), e.assistant(), e.startedAt(),
                e.durationMs(), e.plugin(), e.toolCallId(), e.method(), e.url() == null ? null : Redactor.redactUrl(e.url()),
                e.statusCode(), Redactor.redactHeaders(e.requestHeaders()), Redactor.redactHeaders(e.responseHeaders()),
                request.value(), response.value(),
                request.value() == null ? null : request.originalBytes(),
                response.value() == null ? null : response.originalBytes(),
                error(e.error()), e.attributes());
    }

    private static ErrorInfo error(ErrorInfo error) {
        return ContentCapture.error(error);
    }

    private static String contentType(Map<String, String> headers) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("content-type")) {
                return header.getValue();
            }
        }
        return null;
    }
}
