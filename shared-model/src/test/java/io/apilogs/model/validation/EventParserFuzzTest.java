package io.apilogs.model.validation;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apilogs.model.Json;

import java.io.IOException;

/**
 * Any bytes, read by the ingest's untrusted mapper and given to {@link EventParser}: the only expected outcomes are a
 * JSON syntax or limit error (a 400), or a {@link ParsedEvent} that is valid or lists its errors (a 207). Anything
 * thrown past that would fail the whole batch. Seeds: one valid event per type and per golden raw capture.
 */
class EventParserFuzzTest {
    private static final ObjectMapper MAPPER = Json.untrusted(64, 1 << 20);
    /** Small limits, so that inputs of a few KB also reach the over-limit branches. */
    private static final Limits LIMITS = new Limits(2048, 256, 40, 20, 16, 256);
    private static final EventParser PARSER = new EventParser(LIMITS);

    @FuzzTest(maxDuration = "5s")
    @DictionaryEntries({"\"eventId\":", "\"type\":", "\"llm_call\"", "\"tool_execution\"", "\"http_request\"",
            "\"conversation\"", "\"assistant\":", "\"startedAt\":", "\"2026-11-25T10:00:00Z\"", "\"durationMs\":",
            "\"raw\":", "\"format\":", "\"anthropic.messages\"", "\"openai.chat\"", "\"openai.responses\"", "\"request\":",
            "\"response\":", "\"usage\":", "\"messages\":", "\"requestBody\":", "\"requestHeaders\":", "\"url\":",
            "\"toolCalls\":", "\"rateLimit\":", "\"error\":", "\\ud800", "1e400", "-0", "9223372036854775808"})
    void parsesAnyBytes(byte[] input) throws IOException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(input);
        } catch (IOException e) {
            // Not JSON, over a parser limit, or bytes in no Unicode encoding Jackson can detect (a CharConversionException,
            // which is an IOException but no JsonProcessingException): IngestService.readBody answers 400 to each.
            return;
        }
        ParsedEventChecks.check(PARSER.parse(tree, "ws-1"), LIMITS);
    }
}
