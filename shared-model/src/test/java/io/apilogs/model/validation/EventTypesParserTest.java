package io.apilogs.model.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.apilogs.model.Json;
import io.apilogs.model.event.ConversationEvent;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.HttpRequestEvent;
import io.apilogs.model.event.LlmCallEvent;
import io.apilogs.model.event.ToolExecutionEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventTypesParserTest {
    private static final ObjectMapper MAPPER = Json.untrusted(64, 20_000_000);
    private static final String COMMON = "\"conversation\":{\"id\":\"c\"},\"assistant\":{\"id\":\"a\"},\"startedAt\":\"2026-11-25T10:00:00Z\"";

    private ParsedEvent parse(String json, Limits limits) throws Exception {
        return new EventParser(limits).parse(MAPPER.readTree(json), "ws");
    }

    private ParsedEvent parse(String json) throws Exception {
        return parse(json, Limits.DEFAULT);
    }

    @Test
    void toolExecutionKeepsAnyJsonAndABareErrorMessage() throws Exception {
        ParsedEvent parsed = parse("{\"eventId\":\"t\",\"type\":\"tool_execution\"," + COMMON
                + ",\"toolCallId\":\"toolu_1\",\"toolName\":\"search\",\"input\":[1,{\"q\":\"x\"}],\"result\":\"ok\",\"error\":\"timed out\"}");
        ToolExecutionEvent tool = (ToolExecutionEvent) parsed.event();
        assertThat(tool.input().get(1).get("q").asText()).isEqualTo("x");
        assertThat(tool.result().asText()).isEqualTo("ok");
        assertThat(tool.error().message()).isEqualTo("timed out");
        assertThat(tool.callId()).isNull();
    }

    @Test
    void httpRequestIsRedactedAndTruncatedBeforeItGoesAnywhere() throws Exception {
        String body = "x".repeat(100);
        ParsedEvent parsed = parse("{\"eventId\":\"h\",\"type\":\"http_request\"," + COMMON
                + ",\"method\":\"GET\",\"url\":\"https://api.example/v1?token=abc&page=2\",\"statusCode\":404,"
                + "\"requestHeaders\":{\"X-Auth-Token\":\"abc\",\"Accept\":\"*/*\"},"
                + "\"requestBody\":{\"client_secret\":\"s\",\"name\":\"n\"},\"responseBody\":\"" + body + "\"}",
                new Limits(1024, 1024, 500, 200, 100, 60));
        HttpRequestEvent http = (HttpRequestEvent) parsed.event();
        assertThat(http.url()).isEqualTo("https://api.example/v1?token=[REDACTED]&page=2");
        assertThat(http.requestHeaders()).containsEntry("X-Auth-Token", "[REDACTED]").containsEntry("Accept", "*/*");
        assertThat(http.requestBody().get("client_secret").asText()).isEqualTo("[REDACTED]");
        assertThat(http.responseBody().asText()).hasSize(60);
        assertThat(http.responseBodyBytes()).isEqualTo(100);
        assertThat(http.failed()).isTrue();
        assertThat(parse("{\"eventId\":\"h\",\"type\":\"http_request\"," + COMMON + ",\"statusCode\":99}").errors())
                .extracting(FieldError::field).containsExactly("statusCode");
    }

    @Test
    void httpRequestLosesSecretShapedValuesWhateverTheyAreCalled() throws Exception {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLWJ5dGVz";
        String key = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z";
        ParsedEvent parsed = parse("{\"eventId\":\"h\",\"type\":\"http_request\"," + COMMON
                + ",\"url\":\"https://api.example/v1/verify/" + jwt + "?q=" + key + "\","
                + "\"requestHeaders\":{\"X-Custom\":\"" + jwt + "\",\"Content-Type\":\"text/plain\"},"
                + "\"responseHeaders\":{\"X-Echo\":\"Bearer " + key + "\"},"
                + "\"requestBody\":\"please use key " + key + " now\","
                + "\"responseBody\":{\"data\":[{\"note\":\"" + jwt + "\"}],\"max_tokens\":5},"
                + "\"error\":{\"type\":\"http\",\"message\":\"401 for " + key + "\"}}");
        HttpRequestEvent http = (HttpRequestEvent) parsed.event();
        assertThat(http.url()).isEqualTo("https://api.example/v1/verify/[REDACTED]?q=[REDACTED]");
        assertThat(http.requestHeaders()).containsEntry("X-Custom", "[REDACTED]");
        assertThat(http.responseHeaders()).containsEntry("X-Echo", "Bearer [REDACTED]");
        assertThat(http.requestBody().asText()).isEqualTo("please use key [REDACTED] now");
        assertThat(http.responseBody().toString()).isEqualTo("{\"data\":[{\"note\":\"[REDACTED]\"}],\"max_tokens\":5}");
        assertThat(http.error().message()).isEqualTo("401 for [REDACTED]");
        assertThat(Json.CANONICAL.writeValueAsString(http)).doesNotContain(key).doesNotContain("eyJ");
    }

    @Test
    void conversationEventCarriesOnlyMetadata() throws Exception {
        Event event = parse("{\"eventId\":\"m\",\"type\":\"conversation\",\"conversation\":{\"id\":\"c\",\"subject\":\"S\"},"
                + "\"assistant\":{\"id\":\"a\",\"name\":\"N\"},\"startedAt\":\"2026-11-25T10:00:00Z\"}").event();
        assertThat(event).isInstanceOf(ConversationEvent.class);
        assertThat(event.conversation().subject()).isEqualTo("S");
        assertThat(event.assistant().name()).isEqualTo("N");
    }

    @Test
    void explicitFieldsWinOverRawFieldByFieldAndAGivenUsageReplacesRawsWhole() throws Exception {
        String raw = "\"raw\":{\"format\":\"openai.chat\",\"request\":{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"sys\"},{\"role\":\"user\",\"content\":\"hi\"}]},"
                + "\"response\":{\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hello\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":4}}}}";
        LlmCallEvent derived = (LlmCallEvent) parse("{\"eventId\":\"l\",\"type\":\"llm_call\"," + COMMON + "," + raw + "}").event();
        assertThat(derived.model()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(derived.systemPrompt()).isEqualTo("sys");
        assertThat(derived.response().text()).isEqualTo("hello");
        assertThat(derived.usage().inputTokens()).isEqualTo(10);
        assertThat(derived.usage().cacheReadTokens()).isEqualTo(4);

        LlmCallEvent merged = (LlmCallEvent) parse("{\"eventId\":\"l\",\"type\":\"llm_call\"," + COMMON + "," + raw
                + ",\"model\":\"mine\",\"response\":{\"thinking\":\"t\"},\"usage\":{\"outputTokens\":7}}").event();
        assertThat(merged.model()).isEqualTo("mine");
        assertThat(merged.response().text()).isEqualTo("hello");
        assertThat(merged.response().thinking()).isEqualTo("t");
        assertThat(merged.usage().outputTokens()).isEqualTo(7);
        assertThat(merged.usage().inputTokens()).isNull();
        assertThat(merged.stopReason()).isEqualTo("stop");
    }

    @Test
    void modelIsRequiredUnlessRawGivesOne() throws Exception {
        assertThat(parse("{\"eventId\":\"l\",\"type\":\"llm_call\"," + COMMON + "}").errors())
                .containsExactly(new FieldError("model", "is required"));
        assertThat(parse("{\"eventId\":\"l\",\"type\":\"llm_call\"," + COMMON + ",\"raw\":{\"format\":\"openai.chat\",\"request\":{\"messages\":[]}}}").errors())
                .extracting(FieldError::field).containsExactly("model");
        assertThat(parse("{\"eventId\":\"l\",\"type\":\"llm_call\"," + COMMON + ",\"raw\":{\"format\":\"nope\"}}").errors())
                .extracting(FieldError::field).contains("raw.format");
    }

    @Test
    void textsDerivedFromRawObeyTheSameLimits() throws Exception {
        String raw = "\"raw\":{\"format\":\"openai.chat\",\"request\":{\"model\":\"gpt-4o\",\"messages\":[]},"
                + "\"response\":{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"" + "y".repeat(50) + "\"}}]}}";
        assertThat(parse("{\"eventId\":\"l\",\"type\":\"llm_call\"," + COMMON + "," + raw + "}", new Limits(20, 1024, 500, 200, 100, 64)).errors())
                .extracting(FieldError::field).containsExactly("raw.response");
    }
}
