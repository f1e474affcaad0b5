package io.apilogs.model;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.redaction.Redactor;
import io.apilogs.model.validation.EventParser;
import io.apilogs.model.validation.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {
    private static final ObjectMapper UNTRUSTED = Json.untrusted(64, 1 << 20);

    /**
     * Found by EventParserFuzzTest: Jackson threw a bare NumberFormatException for such numbers, which the ingest's
     * readBody (catching only I/O and parse errors) let through, so a malformed body got a 503 "retry it whole".
     */
    @ParameterizedTest
    @ValueSource(strings = {"8888888888888888888888888881e40088888888888888888888888888888880", "1e99999999999",
            "{\"events\":[{\"costUsd\":-1.5E-2147483649}]}", "[0.1e+9999999999999999]"})
    void aNumberJavaCannotHoldIsAParseError(String body) {
        assertThatThrownBy(() -> UNTRUSTED.readTree(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("number cannot be represented");
        assertThatThrownBy(() -> UNTRUSTED.readTree(body)).isInstanceOf(JsonParseException.class);
    }

    @Test
    void aRepeatedKeyIsAnErrorThatNamesItsPath() {
        String body = "{\"events\":[{\"eventId\":\"a\"},{\"usage\":{\"inputTokens\":1,\"inputTokens\":2}}]}";
        assertThatThrownBy(() -> UNTRUSTED.readTree(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(com.fasterxml.jackson.core.JsonProcessingException.class,
                        e -> assertThat(Json.duplicateKeyPath(e)).isEqualTo("events[1].usage.inputTokens"));
        assertThatThrownBy(() -> UNTRUSTED.readTree("{\"a\":1,\"a\":2}"))
                .isInstanceOfSatisfying(com.fasterxml.jackson.core.JsonProcessingException.class,
                        e -> assertThat(Json.duplicateKeyPath(e)).isEqualTo("a"));
        assertThatThrownBy(() -> UNTRUSTED.readTree("{\"a\":"))
                .isInstanceOfSatisfying(com.fasterxml.jackson.core.JsonProcessingException.class,
                        e -> assertThat(Json.duplicateKeyPath(e)).isNull());
    }

    /** IngestService.readBody tells a nesting error by this type; wrapping the parser must not hide it. */
    @Test
    void limitsStillFailAsStreamConstraintErrors() {
        assertThatThrownBy(() -> UNTRUSTED.readTree("[".repeat(65) + "]".repeat(65)))
                .isInstanceOf(StreamConstraintsException.class).hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> Json.untrusted(64, 10).readTree("\"" + "x".repeat(11) + "\""))
                .isInstanceOf(StreamConstraintsException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e2147483647", "12345678901234567890123", "-0.000", "1.50"})
    void largeButRepresentableNumbersStillParse(String body) throws Exception {
        assertThat(UNTRUSTED.readTree(body).isNumber()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1e99999999999}", "[1e-99999999999]"})
    void redactionAndToolArgumentsKeepSuchBodiesAsText(String json) throws Exception {
        assertThat(Redactor.redactBodyText(json, "application/json")).isEqualTo(json);
        String event = "{\"eventId\":\"e\",\"type\":\"llm_call\",\"conversation\":{\"id\":\"c\"},\"assistant\":{\"id\":\"a\"},"
                + "\"startedAt\":\"2026-11-25T10:00:00Z\",\"raw\":{\"format\":\"openai.chat\",\"response\":{\"model\":\"m\","
                + "\"choices\":[{\"message\":{\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":" + UNTRUSTED.writeValueAsString(json) + "}}]}}]}}}";
        var parsed = new EventParser(Limits.DEFAULT).parse(UNTRUSTED.readTree(event), "ws");
        assertThat(parsed.errors()).isEmpty();
        assertThat(((LlmCallEvent) parsed.event()).response().toolCalls().get(0).input().textValue())
                .isEqualTo(json);
    }
}
