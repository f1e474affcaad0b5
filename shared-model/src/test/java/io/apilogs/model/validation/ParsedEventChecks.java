package io.apilogs.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.apilogs.model.Json;
import io.apilogs.model.UsageChecks;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.redaction.Redactor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What must hold for any {@link ParsedEvent}, whatever the input: the invariants the fuzz tests check. */
final class ParsedEventChecks {
    private ParsedEventChecks() {
    }

    static void check(ParsedEvent parsed, Limits limits) {
        assertThat(parsed).isNotNull();
        assertThat(parsed.valid()).as("valid exactly when there are no errors").isEqualTo(parsed.errors().isEmpty());
        parsed.errors().forEach(error -> assertThat(error.field()).isNotNull());
        if (parsed.valid()) {
            checkEvent(parsed.event(), limits);
        }
    }

    private static void checkEvent(Event event, Limits limits) {
        assertThat(event.eventId()).isNotNull();
        assertThat(event.startedAt()).isNotNull();
        assertThat(event.endedAt()).isAfterOrEqualTo(event.startedAt());
        if (event instanceof LlmCallEvent call) {
            assertThat(call.callId()).isNotNull();
            UsageChecks.check(call.usage());
        }
        if (event instanceof HttpRequestEvent http) {
            assertThat(Redactor.redactUrl(http.url())).as("redaction is idempotent").isEqualTo(http.url());
            assertThat(Redactor.redactHeaders(http.requestHeaders())).isEqualTo(http.requestHeaders());
            assertThat(Redactor.redactHeaders(http.responseHeaders())).isEqualTo(http.responseHeaders());
            checkBodySize(http.requestBody(), limits);
            checkBodySize(http.responseBody(), limits);
        }
        roundTripsThroughKafka(event);
    }

    /**
     * A stored body, string or JSON, never takes more than the limit (a longer one was cut to a string). Bytes as
     * Bodies counts them, which is {@code getBytes(UTF_8)}: a lone surrogate is one byte ('?').
     */
    private static void checkBodySize(JsonNode body, Limits limits) {
        if (body != null) {
            String text = body.isTextual() ? body.textValue() : body.toString();
            assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(limits.maxHttpBodyBytes());
        }
    }

    /**
     * The ingest writes the canonical form to Kafka and the writer reads it back: both must work, and the form is a
     * fixed point. (Not object equality: a decimal such as {@code 1.0} is already {@code 1} once parsed, because the
     * mappers strip trailing zeros, and comes back as an integer node.)
     */
    private static void roundTripsThroughKafka(Event event) {
        try {
            byte[] bytes = Json.CANONICAL.writeValueAsBytes(event);
            Event back = Json.CANONICAL.readValue(bytes, Event.class);
            assertThat(back.type()).isEqualTo(event.type());
            assertThat(Json.CANONICAL.writeValueAsBytes(back)).isEqualTo(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("a valid event must survive the Kafka form", e);
        }
    }
}
