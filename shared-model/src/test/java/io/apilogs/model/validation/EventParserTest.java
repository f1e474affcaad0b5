package io.apilogs.model.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apilogs.model.Json;
import io.apilogs.model.event.Event;
import io.apilogs.model.event.LlmCallEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventParserTest {
    private static final ObjectMapper MAPPER = Json.untrusted(64, 20_000_000);
    private final EventParser parser = new EventParser(Limits.DEFAULT);

    static final String VALID = """
            {"eventId":"e-1","type":"llm_call",
             "conversation":{"id":"c-1","subject":"Write a post"},
             "assistant":{"id":"writer","name":"Writer"},
             "startedAt":"2026-11-25T21:01:15.123456+01:00","durationMs":1200,
             "provider":"anthropic","model":"claude-sonnet-4-5",
             "systemPrompt":"You are helpful.",
             "messages":[{"role":"user","content":"hi"},{"role":"user","content":[{"type":"text","text":"more"}]}],
             "response":{"text":"Hello","thinking":"hmm","toolCalls":[{"id":"toolu_1","name":"search","input":{"q":"x"}}]},
             "stopReason":"tool_use",
             "usage":{"inputTokens":100,"outputTokens":20,"cacheReadTokens":50,"cacheWriteTokens":10,"cacheWrite1hTokens":4},
             "error":{"type":"overloaded","message":"busy","httpStatus":529},
             "rateLimit":{"anthropic-ratelimit-requests-remaining":"49"}}
            """;

    private ParsedEvent parse(String json) throws Exception {
        return parser.parse(MAPPER.readTree(json), "ws-1");
    }

    @Test
    void readsEveryCoreFieldOfAnLlmCall() throws Exception {
        ParsedEvent parsed = parse(VALID);
        assertThat(parsed.errors()).isEmpty();
        LlmCallEvent call = (LlmCallEvent) parsed.event();
        assertThat(call.workspaceId()).isEqualTo("ws-1");
        assertThat(call.callId()).isEqualTo("e-1");
        assertThat(call.startedAt()).isEqualTo(Instant.parse("2026-11-25T20:01:15.123456Z"));
        assertThat(call.endedAt()).isEqualTo(Instant.parse("2026-11-25T20:01:16.323456Z"));
        assertThat(call.usage().cacheReadTokens()).isEqualTo(50);
        assertThat(call.usage().reasoningTokens()).isNull();
        assertThat(call.response().toolCalls()).hasSize(1);
        assertThat(call.response().toolCalls().get(0).input().get("q").asText()).isEqualTo("x");
        assertThat(call.messages().size()).isEqualTo(2);
        assertThat(call.error().httpStatus()).isEqualTo(529);
        assertThat(call.rateLimit()).containsEntry("anthropic-ratelimit-requests-remaining", "49");
    }

    @Test
    void otherAttributesAreKeptWithSecretsRedactedAndMustBeAnObject() throws Exception {
        ParsedEvent parsed = parse(VALID.replace("\"rateLimit\":", "\"attributes\":{\"gen_ai.request.temperature\":0.2,"
                + "\"api_key\":\"abc\",\"note\":\"token sk-abcdefghijklmnopqrstuvwx1234\"},\"rateLimit\":"));
        assertThat(parsed.errors()).isEmpty();
        LlmCallEvent call = (LlmCallEvent) parsed.event();
        assertThat(call.attributes().get("gen_ai.request.temperature").asDouble()).isEqualTo(0.2);
        assertThat(call.attributes().get("api_key").asText()).isEqualTo("[REDACTED]");
        assertThat(call.attributes().get("note").asText()).doesNotContain("sk-abcdefghijklmnopqrstuvwx1234");
        LlmCallEvent back = (LlmCallEvent) Json.CANONICAL.readValue(Json.CANONICAL.writeValueAsBytes(call), Event.class);
        assertThat(back.attributes()).isEqualTo(call.attributes());
        assertThat(((LlmCallEvent) parse(VALID).event()).attributes()).isNull();
        assertThat(parse(VALID.replace("\"rateLimit\":", "\"attributes\":[1],\"rateLimit\":")).errors())
                .anyMatch(e -> e.field().equals("attributes"));
    }

    @Test
    void canonicalJsonRoundTripsThroughTheKafkaForm() throws Exception {
        Event event = parse(VALID).event();
        byte[] bytes = Json.CANONICAL.writeValueAsBytes(event);
        JsonNode tree = Json.CANONICAL.readTree(bytes);
        assertThat(tree.get("type").asText()).isEqualTo("llm_call");
        Event back = Json.CANONICAL.readValue(bytes, Event.class);
        assertThat(back).isEqualTo(event);
    }

    @Test
    void reportsEveryMissingRequiredFieldWithItsPath() throws Exception {
        ParsedEvent parsed = parse("{\"type\":\"llm_call\",\"conversation\":{},\"assistant\":{\"id\":\"a\"}}");
        assertThat(parsed.valid()).isFalse();
        assertThat(parsed.eventId()).isNull();
        assertThat(parsed.errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("eventId", "conversation.id", "startedAt", "model");
    }

    @Test
    void rejectsIdsOutsideTheIdRuleInsteadOfChangingThem() throws Exception {
        ParsedEvent parsed = parse(VALID.replace("\"c-1\"", "\"c 1\"").replace("\"e-1\"", "\"e/1\""));
        assertThat(parsed.eventId()).isEqualTo("e/1");
        assertThat(parsed.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("eventId", "conversation.id");
        assertThat(parse(VALID.replace("\"c-1\"", "\"" + "c".repeat(129) + "\"")).errors())
                .extracting(FieldError::field).containsExactly("conversation.id");
    }

    @Test
    void rejectsNegativeAndFractionalTokenCounts() throws Exception {
        ParsedEvent parsed = parse(VALID.replace("\"outputTokens\":20", "\"outputTokens\":-1")
                .replace("\"inputTokens\":100", "\"inputTokens\":1.5"));
        assertThat(parsed.errors()).containsExactlyInAnyOrder(
                new FieldError("usage.outputTokens", "must be >= 0"),
                new FieldError("usage.inputTokens", "must be an integer"));
    }

    @Test
    void enforcesTheSingleTokenMeaning() throws Exception {
        assertThat(parse(VALID.replace("\"inputTokens\":100", "\"inputTokens\":59")).errors())
                .extracting(FieldError::field).containsExactly("usage.inputTokens");
        assertThat(parse(VALID.replace("\"cacheWrite1hTokens\":4", "\"cacheWrite1hTokens\":11")).errors())
                .extracting(FieldError::field).containsExactly("usage.cacheWrite1hTokens");
        assertThat(parse(VALID.replace("\"cacheWrite1hTokens\":4", "\"cacheWrite1hTokens\":4,\"reasoningTokens\":21")).errors())
                .extracting(FieldError::field).containsExactly("usage.reasoningTokens");
    }

    /** cacheRead + cacheWrite used to wrap around to a negative sum, which passed as "<= inputTokens". */
    @Test
    void cacheTokensNearTheLongLimitCannotWrapAroundTheRule() throws Exception {
        String huge = VALID.replace("\"cacheReadTokens\":50", "\"cacheReadTokens\":9223372036854775807")
                .replace("\"cacheWriteTokens\":10", "\"cacheWriteTokens\":4");
        // Over the per-call bound now as well; the rule itself still sees through the wrap.
        assertThat(parse(huge).errors()).extracting(FieldError::field).containsExactly("usage.cacheReadTokens", "usage.inputTokens");
        String fits = VALID.replace("\"inputTokens\":100", "\"inputTokens\":9223372036854775807")
                .replace("\"cacheReadTokens\":50", "\"cacheReadTokens\":9223372036854775797");
        assertThat(parse(fits).errors()).extracting(FieldError::message).containsOnly("must be at most 1000000000 (tokens of one call)");
    }

    @Test
    void rejectsBadTimesTypesAndUnknownEventTypes() throws Exception {
        assertThat(parse(VALID.replace("2026-11-25T21:01:15.123456+01:00", "2026-11-25 21:01")).errors())
                .extracting(FieldError::field).containsExactly("startedAt");
        assertThat(parse(VALID.replace("\"llm_call\"", "\"llm\"")).errors())
                .extracting(FieldError::field).containsExactly("type");
        assertThat(parse(VALID.replace("\"durationMs\":1200", "\"durationMs\":\"1200\"")).errors())
                .containsExactly(new FieldError("durationMs", "must be an integer"));
        assertThat(parse(VALID.replace("{\"role\":\"user\",\"content\":\"hi\"}", "{\"content\":\"hi\"}")).errors())
                .containsExactly(new FieldError("messages[0].role", "is required"));
    }

    /** Values the database could not store, or that would push lastAt past any date range, fail here (207), not in the writer. */
    @Test
    void rejectsDurationsAndCostsBeyondWhatCanBeStored() throws Exception {
        assertThat(parse(VALID.replace("\"durationMs\":1200", "\"durationMs\":2592000000")).valid()).isTrue();
        assertThat(parse(VALID.replace("\"durationMs\":1200", "\"durationMs\":9000000000000000")).errors())
                .containsExactly(new FieldError("durationMs", "must be at most 2592000000 (30 days)"));
        assertThat(parse(VALID.replace("\"durationMs\":1200", "\"durationMs\":1200,\"costUsd\":999999.999999999")).valid())
                .isTrue();
        // Eight of these in one hour once overflowed the hourly sum and took the hour's later events down with them.
        for (String cost : List.of("999999999999999.999999999", "1000000", "1e40")) {
            assertThat(parse(VALID.replace("\"durationMs\":1200", "\"durationMs\":1200,\"costUsd\":" + cost)).errors())
                    .containsExactly(new FieldError("costUsd", "must be less than 1000000"));
        }
    }

    /** Sums of tokens are bigint: a bound per call keeps any run of events from wrapping one. */
    @Test
    void boundsEveryTokenCountOfACallGivenOrDerivedFromRaw() throws Exception {
        String usage = "\"usage\":{\"inputTokens\":%s,\"outputTokens\":%s}";
        String valid = VALID.replaceFirst("\"usage\":\\{[^}]*}", usage.formatted(1_000_000_000L, 10));
        assertThat(parse(valid).valid()).as(valid).isTrue();
        assertThat(parse(VALID.replaceFirst("\"usage\":\\{[^}]*}", usage.formatted("9223372036854775000", 10))).errors())
                .containsExactly(new FieldError("usage.inputTokens", "must be at most 1000000000 (tokens of one call)"));
        assertThat(parse(VALID.replaceFirst("\"usage\":\\{[^}]*}", usage.formatted(10, 1_000_000_001L))).errors())
                .containsExactly(new FieldError("usage.outputTokens", "must be at most 1000000000 (tokens of one call)"));
        assertThat(UsageRules.check(new io.apilogs.model.event.Usage(5_000_000_000L, 1L, 4_000_000_000L, null, null, null), "raw.response.usage"))
                .extracting(FieldError::field).containsExactly("raw.response.usage.inputTokens", "raw.response.usage.cacheReadTokens");
    }

    /** One key once created 7,200 partitions with a startedAt in every month of 2000-2099. */
    @Test
    void takesStartedAtOnlyWithinTheWindowAroundTheClock() throws Exception {
        java.time.Instant now = java.time.Instant.parse("2026-11-25T20:00:00Z");
        EventParser windowed = new EventParser(Limits.DEFAULT,
                new AcceptWindow(java.time.Duration.ofDays(30), java.time.Duration.ofDays(1)), java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));
        java.util.function.Function<String, ParsedEvent> at = time -> windowed.parse(readTree(
                VALID.replace("2026-11-25T21:01:15.123456+01:00", time)), "ws-1");
        assertThat(at.apply("2026-11-26T19:59:59Z").valid()).isTrue();
        assertThat(at.apply("2026-10-26T20:00:01Z").valid()).isTrue();
        assertThat(at.apply("2026-11-26T20:00:01Z").errors()).containsExactly(new FieldError("startedAt",
                "must be at most 1 day after the server's clock (2026-11-25T20:00:00Z)"));
        assertThat(at.apply("2026-10-26T19:59:59Z").errors()).containsExactly(new FieldError("startedAt",
                "must be at most 30 days before the server's clock (2026-11-25T20:00:00Z); older events are not kept"));
        for (int year = 2000; year < 2100; year += 7) {
            ParsedEvent parsed = at.apply(year + "-06-01T00:00:00Z");
            assertThat(parsed.valid()).as("%d", year).isFalse();
            assertThat(parsed.errors()).extracting(FieldError::field).containsExactly("startedAt");
        }
        assertThat(new AcceptWindow(java.time.Duration.ofDays(1098), java.time.Duration.ofDays(1)).withRetention(30).past())
                .isEqualTo(java.time.Duration.ofDays(30));
        assertThat(new AcceptWindow(java.time.Duration.ofDays(1098), java.time.Duration.ofDays(1)).withRetention(5000).past())
                .isEqualTo(java.time.Duration.ofDays(1098));
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void rejectsNulCharactersAndTimesOutsideTheSupportedRange() throws Exception {
        assertThat(parse(VALID.replace("Hello", "Hel\\u0000lo")).errors())
                .containsExactly(new FieldError("response.text", "must not contain the NUL character (U+0000)"));
        assertThat(parse(VALID.replace("2026-11-25T21:01:15.123456+01:00", "1999-12-31T23:59:59Z")).errors())
                .extracting(FieldError::field).containsExactly("startedAt");
        assertThat(parse(VALID.replace("2026-11-25T21:01:15.123456+01:00", "2100-01-01T00:00:00Z")).errors())
                .extracting(FieldError::field).containsExactly("startedAt");
    }

    @Test
    void rejectsOverLongTextsAndSubjects() throws Exception {
        EventParser small = new EventParser(new Limits(10, 64, 5, 200, 100, 64));
        ParsedEvent parsed = small.parse(MAPPER.readTree(VALID.replace("Hello", "Hello, this is long")), "ws");
        assertThat(parsed.errors()).extracting(FieldError::field)
                .contains("response.text", "conversation.subject", "systemPrompt");
    }

    @Test
    void subjectLimitCountsCharactersNotBytes() throws Exception {
        String subject = "é".repeat(500);
        assertThat(parse(VALID.replace("Write a post", subject)).errors()).isEmpty();
        assertThat(parse(VALID.replace("Write a post", subject + "é")).errors())
                .extracting(FieldError::field).containsExactly("conversation.subject");
    }
}
