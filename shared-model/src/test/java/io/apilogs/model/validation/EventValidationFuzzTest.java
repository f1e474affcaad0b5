package io.apilogs.model.validation;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apilogs.model.FuzzJson;
import io.apilogs.model.Json;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * Events built field by field from the names of API.md section 1, each present or not, with a typical or an
 * arbitrary value, so that validation is exercised deep down (usage rules, tool calls, raw captures, HTTP redaction)
 * rather than stopping at the first missing field. The tree goes through the untrusted mapper's text form first,
 * as a real request does.
 */
class EventValidationFuzzTest {
    private static final ObjectMapper MAPPER = Json.untrusted(64, 1 << 20);
    private static final Limits LIMITS = new Limits(2048, 256, 40, 20, 16, 256);
    private static final EventParser PARSER = new EventParser(LIMITS);

    private static final String[] TYPES = {"llm_call", "tool_execution", "http_request", "conversation"};
    private static final String[] IDS = {"e-1", "c.1:x", "toolu_01A", "a".repeat(128), "a".repeat(129), "", "e 1", "é"};
    private static final String[] TIMES = {"2026-11-25T10:00:00Z", "2026-11-25T21:01:15.123456789+01:00",
            "1999-12-31T23:59:59Z", "2099-12-31T23:59:59.999Z", "2100-01-01T00:00:00Z", "2026-02-30T00:00:00Z",
            "2026-11-25T10:00:00", "+10000-01-01T00:00:00Z"};
    private static final String[] FIELDS = {"eventId", "type", "conversation", "assistant", "startedAt", "durationMs",
            "callId", "provider", "model", "systemPrompt", "messages", "response", "stopReason", "usage", "costUsd",
            "error", "rateLimit", "raw", "toolCallId", "toolName", "input", "result", "plugin", "method", "url",
            "statusCode", "requestHeaders", "responseHeaders", "requestBody", "responseBody", "id", "subject", "name",
            "role", "content", "text", "thinking", "toolCalls", "inputTokens", "outputTokens", "cacheReadTokens",
            "cacheWriteTokens", "cacheWrite1hTokens", "reasoningTokens", "message", "httpStatus"};
    private static final String[] WORDS = {"user", "assistant", "text", "anthropic", "openai", "claude-sonnet-4-5",
            "end_turn", "Content-Type", "application/json", "application/x-www-form-urlencoded", "text/plain",
            "api_key=s&q=1", "{\"password\":\"p\",\"note\":\"sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wX\"}",
            "https://u:p@h.example/p/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig?token=t#a=1", "Authorization",
            "X-Api-Key", "Bearer AKIAIOSFODNN7EXAMPLE", "\u0000", "\ud800", "x-ratelimit-remaining-requests"};

    @FuzzTest(maxDuration = "5s")
    void validatesAnyEventShape(FuzzedDataProvider data) throws IOException {
        FuzzJson json = new FuzzJson(data, FIELDS, WORDS);
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        put(event, "eventId", data, () -> json.data().pickValue(IDS), json);
        put(event, "type", data, () -> json.data().pickValue(TYPES), json);
        putObject(event, "conversation", "subject", json);
        putObject(event, "assistant", "name", json);
        put(event, "startedAt", data, () -> json.data().pickValue(TIMES), json);
        int fields = data.consumeInt(0, 12);
        for (int i = 0; i < fields; i++) {
            String name = data.pickValue(FIELDS);
            event.set(name, name.equals("raw") && data.consumeBoolean() ? FuzzJson.rawCapture(data) : json.value(3));
        }
        JsonNode tree = MAPPER.readTree(MAPPER.writeValueAsBytes(event));
        ParsedEventChecks.check(PARSER.parse(tree, "ws-1"), LIMITS);
    }

    private static void put(ObjectNode event, String field, FuzzedDataProvider data,
                            Supplier<String> typical, FuzzJson json) {
        switch (data.consumeInt(0, 3)) {
            case 0 -> {
            }
            case 1 -> event.set(field, json.value(1));
            default -> event.put(field, typical.get());
        }
    }

    private static void putObject(ObjectNode event, String field, String text, FuzzJson json) {
        if (json.data().consumeInt(0, 3) == 0) {
            event.set(field, json.value(1));
            return;
        }
        ObjectNode object = event.putObject(field);
        object.put("id", json.data().pickValue(IDS));
        if (json.data().consumeBoolean()) {
            object.put(text, json.word());
        }
    }
}
