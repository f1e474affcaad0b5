package io.apilogs.model.raw;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.apilogs.model.Ids;
import io.apilogs.model.event.ErrorInfo;
import io.apilogs.model.event.ToolCall;
import io.apilogs.model.validation.FieldError;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Error paths and edge cases the golden files do not cover. */
class RawNormalizerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static RawNormalizer.Result normalize(String json) {
        try {
            return RawNormalizer.normalize(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Derived derived(String json) {
        RawNormalizer.Result result = normalize(json);
        assertThat(result.errors()).isEmpty();
        return result.derived();
    }

    private static void assertOnlyError(String json, String field, String message) {
        RawNormalizer.Result result = normalize(json);
        assertThat(result.errors()).containsExactly(new FieldError(field, message));
        assertThat(result.derived()).as("no derivation from an invalid raw").isNull();
    }

    @Nested
    class Envelope {
        @Test
        void rawMustBeAnObject() {
            assertOnlyError("[]", "raw", "must be an object");
            assertOnlyError("\"x\"", "raw", "must be an object");
            assertThat(RawNormalizer.normalize(null).errors()).containsExactly(new FieldError("raw", "must be an object"));
            assertThat(RawNormalizer.normalize(JsonNodeFactory.instance.nullNode()).errors())
                    .containsExactly(new FieldError("raw", "must be an object"));
        }

        @Test
        void formatIsRequiredAndMustBeKnown() {
            assertOnlyError("{}", "raw.format", "is required");
            String oneOf = "must be one of anthropic.messages, openai.chat, openai.responses";
            assertOnlyError("{\"format\":\"openai.completions\"}", "raw.format", oneOf);
            assertOnlyError("{\"format\":\"ANTHROPIC.MESSAGES\"}", "raw.format", oneOf);
            assertOnlyError("{\"format\":1}", "raw.format", oneOf);
        }

        @Test
        void partsMustBeObjects() {
            assertOnlyError("{\"format\":\"openai.chat\",\"request\":\"hi\"}", "raw.request", "must be an object");
            assertOnlyError("{\"format\":\"openai.chat\",\"response\":[]}", "raw.response", "must be an object");
            assertOnlyError("{\"format\":\"openai.chat\",\"responseHeaders\":\"x\"}", "raw.responseHeaders", "must be an object");
        }

        @Test
        void reportsEveryProblemInOnePass() {
            RawNormalizer.Result result = normalize("{\"format\":\"gemini\",\"request\":1,\"response\":true}");
            assertThat(result.errors()).extracting(FieldError::field)
                    .containsExactlyInAnyOrder("raw.format", "raw.request", "raw.response");
        }

        @Test
        void aCaptureWithoutRequestAndResponseDerivesOnlyTheProvider() {
            Derived d = derived("{\"format\":\"openai.responses\",\"request\":null}");
            assertThat(d.provider()).isEqualTo("openai");
            assertThat(d.model()).isNull();
            assertThat(d.systemPrompt()).isNull();
            assertThat(d.messages().isArray()).isTrue();
            assertThat(d.messages()).isEmpty();
            assertThat(d.toolCalls()).isEmpty();
            assertThat(d.usage()).isNull();
            assertThat(d.stopReason()).isNull();
            assertThat(d.rateLimit()).isNull();
            assertThat(d.error()).isNull();
        }

        @Test
        void modelFallsBackToTheRequestAndMustBeAString() {
            assertThat(derived("""
                    {"format":"anthropic.messages","request":{"model":"claude-opus-4-5"},"response":{}}
                    """).model()).isEqualTo("claude-opus-4-5");
            assertOnlyError("""
                    {"format":"anthropic.messages","request":{"model":"a"},"response":{"model":42}}
                    """, "raw.response.model", "must be a string");
        }
    }

    @Nested
    class RateLimitHeaders {
        @Test
        void keepsOnlyRateLimitHeadersVerbatimAndInOrder() {
            Derived d = derived("""
                    {"format":"openai.chat","responseHeaders":{
                      "x-request-id":"req_1","X-RateLimit-Reset-Tokens":"6m0s","retry-after":2,
                      "anthropic-ratelimit-tokens-reset":"2026-11-25T20:01:16Z","retry-after-ms":"1500",
                      "x-ratelimit-remaining-tokens":1.5,"set-cookie":["a=b","c=d"]}}
                    """);
            assertThat(d.rateLimit()).containsExactly(
                    Map.entry("X-RateLimit-Reset-Tokens", "6m0s"),
                    Map.entry("retry-after", "2"),
                    Map.entry("anthropic-ratelimit-tokens-reset", "2026-11-25T20:01:16Z"),
                    Map.entry("x-ratelimit-remaining-tokens", "1.5"));
            assertThatThrownBy(() -> d.rateLimit().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void nullWhenNoRateLimitHeader() {
            assertThat(derived("{\"format\":\"openai.chat\",\"responseHeaders\":{\"content-type\":\"application/json\"}}")
                    .rateLimit()).isNull();
        }

        @Test
        void aRateLimitHeaderMustBeAStringOrNumber() {
            assertOnlyError("{\"format\":\"openai.chat\",\"responseHeaders\":{\"Retry-After\":[\"1\"]}}",
                    "raw.responseHeaders.Retry-After", "must be a string or a number");
        }
    }

    @Nested
    class Anthropic {
        @Test
        void countsMustBeNonNegativeIntegers() {
            String template = """
                    {"format":"anthropic.messages","response":{"usage":{"input_tokens":%s,"output_tokens":1}}}
                    """;
            for (String bad : new String[]{"-1", "1.5", "\"12\"", "true", "99999999999999999999999"}) {
                assertOnlyError(template.formatted(bad), "raw.response.usage.input_tokens", "must be an integer >= 0");
            }
            assertOnlyError("""
                    {"format":"anthropic.messages","response":{"usage":{"cache_creation":{"ephemeral_1h_input_tokens":-3}}}}
                    """, "raw.response.usage.cache_creation.ephemeral_1h_input_tokens", "must be an integer >= 0");
        }

        @Test
        void cacheIsAddedToInputExactlyOnce() {
            Derived d = derived("""
                    {"format":"anthropic.messages","response":{"usage":{"input_tokens":10,
                     "cache_read_input_tokens":100,"cache_creation_input_tokens":20,"output_tokens":5}}}
                    """);
            assertThat(d.usage().inputTokens()).isEqualTo(130);
            assertThat(d.usage().cacheReadTokens()).isEqualTo(100);
            assertThat(d.usage().cacheWriteTokens()).isEqualTo(20);
            assertThat(d.usage().cacheWrite1hTokens()).isNull();
            assertThat(d.usage().reasoningTokens()).isNull();
        }

        @Test
        void cacheWritesComeFromTheSplitWhenTheTotalIsMissing() {
            Derived d = derived("""
                    {"format":"anthropic.messages","response":{"usage":{"input_tokens":1,
                     "cache_creation":{"ephemeral_5m_input_tokens":7,"ephemeral_1h_input_tokens":3}}}}
                    """);
            assertThat(d.usage().cacheWriteTokens()).isEqualTo(10);
            assertThat(d.usage().cacheWrite1hTokens()).isEqualTo(3);
            assertThat(d.usage().inputTokens()).isEqualTo(11);
        }

        /** Found by RawNormalizerFuzzTest: the total wrapped around to a negative inputTokens. */
        @Test
        void aTotalInputBeyondALongIsAnErrorNotAWrappedCount() {
            assertOnlyError("""
                    {"format":"anthropic.messages","response":{"usage":{"input_tokens":9223372036854775000,
                     "cache_read_input_tokens":1000}}}
                    """, "raw.response.usage.input_tokens",
                    "input_tokens, cache_read_input_tokens and cache_creation_input_tokens must add up to at most 9223372036854775807");
            assertOnlyError("""
                    {"format":"anthropic.messages","response":{"usage":{"cache_creation":{
                     "ephemeral_5m_input_tokens":9223372036854775807,"ephemeral_1h_input_tokens":1}}}}
                    """, "raw.response.usage.cache_creation",
                    "ephemeral_5m_input_tokens and ephemeral_1h_input_tokens must add up to at most 9223372036854775807");
            assertThat(derived("""
                    {"format":"anthropic.messages","response":{"usage":{"input_tokens":9223372036854775800,
                     "cache_read_input_tokens":7}}}
                    """).usage().inputTokens()).isEqualTo(Long.MAX_VALUE);
        }

        @Test
        void withoutTheUncachedCountTheTotalInputIsUnknown() {
            Derived d = derived("""
                    {"format":"anthropic.messages","response":{"usage":{"cache_read_input_tokens":100,"output_tokens":5}}}
                    """);
            assertThat(d.usage().inputTokens()).isNull();
            assertThat(d.usage().cacheReadTokens()).isEqualTo(100);
        }

        @Test
        void anEmptyUsageObjectIsNoUsage() {
            assertThat(derived("{\"format\":\"anthropic.messages\",\"response\":{\"usage\":{}}}").usage()).isNull();
        }

        @Test
        void oneHourWritesCannotExceedAllWrites() {
            assertOnlyError("""
                    {"format":"anthropic.messages","response":{"usage":{"input_tokens":1,"cache_creation_input_tokens":5,
                     "cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":6}}}}
                    """, "raw.response.usage.cache_creation.ephemeral_1h_input_tokens", "must be <= cache_creation_input_tokens");
        }

        @Test
        void systemMustBeAStringOrTextBlocks() {
            assertOnlyError("{\"format\":\"anthropic.messages\",\"request\":{\"system\":5}}",
                    "raw.request.system", "must be a string or an array of parts");
            assertOnlyError("{\"format\":\"anthropic.messages\",\"request\":{\"system\":[\"plain\"]}}",
                    "raw.request.system[0]", "must be an object");
            assertOnlyError("{\"format\":\"anthropic.messages\",\"request\":{\"system\":[{\"type\":\"text\"}]}}",
                    "raw.request.system[0].text", "is required");
        }

        @Test
        void messagesMustBeAnArray() {
            assertOnlyError("{\"format\":\"anthropic.messages\",\"request\":{\"messages\":{}}}",
                    "raw.request.messages", "must be an array");
        }

        @Test
        void contentBlocksAreTypeChecked() {
            assertOnlyError("{\"format\":\"anthropic.messages\",\"response\":{\"content\":\"hi\"}}",
                    "raw.response.content", "must be an array");
            assertOnlyError("""
                    {"format":"anthropic.messages","response":{"content":[{"type":"text","text":"ok"},{"type":"text","text":["no"]}]}}
                    """, "raw.response.content[1].text", "must be a string");
            assertOnlyError("""
                    {"format":"anthropic.messages","response":{"content":[{"type":"thinking","signature":"s"}]}}
                    """, "raw.response.content[0].thinking", "is required");
        }

        @Test
        void toolUseIdsFollowTheIdRule() {
            assertOnlyError("""
                    {"format":"anthropic.messages","response":{"content":[{"type":"tool_use","id":"toolu 1","name":"f","input":{}}]}}
                    """, "raw.response.content[0].id", Ids.RULE);
            assertOnlyError("""
                    {"format":"anthropic.messages","response":{"content":[{"type":"tool_use","name":"f","input":{}}]}}
                    """, "raw.response.content[0].id", "is required");
        }

        @Test
        void serverSideToolBlocksAreNeitherTextNorToolCalls() {
            Derived d = derived("""
                    {"format":"anthropic.messages","response":{"content":[
                      {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"x"}},
                      {"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]},
                      {"type":"text","text":"Found it."}]}}
                    """);
            assertThat(d.toolCalls()).isEmpty();
            assertThat(d.text()).isEqualTo("Found it.");
        }

        @Test
        void redactedThinkingAloneStillShowsThatTheModelThought() {
            Derived d = derived("""
                    {"format":"anthropic.messages","response":{"content":[{"type":"redacted_thinking","data":"abc"}]}}
                    """);
            assertThat(d.thinking()).isEqualTo(AnthropicMessagesNormalizer.REDACTED_THINKING).isEqualTo("[redacted thinking]");
        }

        @Test
        void errorTypesWithoutAFixedStatusLeaveItNull() {
            ErrorInfo error = derived("""
                    {"format":"anthropic.messages","response":{"type":"error","error":{"type":"invalid_request_error","message":"bad"}}}
                    """).error();
            assertThat(error).isEqualTo(new ErrorInfo("invalid_request_error", "bad", null));
            assertThat(derived("""
                    {"format":"anthropic.messages","response":{"type":"error","error":{"type":"rate_limit_error","message":"slow"}}}
                    """).error().httpStatus()).isEqualTo(429);
        }
    }

    @Nested
    class OpenAiChat {
        @Test
        void messagesMustBeObjectsWithStringRoles() {
            assertOnlyError("{\"format\":\"openai.chat\",\"request\":{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},7]}}",
                    "raw.request.messages[1]", "must be an object");
            assertOnlyError("{\"format\":\"openai.chat\",\"request\":{\"messages\":[{\"role\":1,\"content\":\"a\"}]}}",
                    "raw.request.messages[0].role", "must be a string");
            assertOnlyError("{\"format\":\"openai.chat\",\"request\":{\"messages\":[{\"role\":\"system\",\"content\":{}}]}}",
                    "raw.request.messages[0].content", "must be a string or an array of parts");
        }

        @Test
        void cachedAndReasoningMustBePartsOfTheirTotals() {
            RawNormalizer.Result result = normalize("""
                    {"format":"openai.chat","response":{"usage":{"prompt_tokens":10,"completion_tokens":5,
                     "prompt_tokens_details":{"cached_tokens":11},"completion_tokens_details":{"reasoning_tokens":6}}}}
                    """);
            assertThat(result.errors()).containsExactly(
                    new FieldError("raw.response.usage.prompt_tokens_details.cached_tokens", "must be <= prompt_tokens"),
                    new FieldError("raw.response.usage.completion_tokens_details.reasoning_tokens", "must be <= completion_tokens"));
        }

        @Test
        void usageCountsAreTypeChecked() {
            assertOnlyError("{\"format\":\"openai.chat\",\"response\":{\"usage\":{\"completion_tokens\":\"5\"}}}",
                    "raw.response.usage.completion_tokens", "must be an integer >= 0");
            assertOnlyError("{\"format\":\"openai.chat\",\"response\":{\"usage\":{\"prompt_tokens_details\":3}}}",
                    "raw.response.usage.prompt_tokens_details", "must be an object");
        }

        @Test
        void nullDetailsAreTolerated() {
            Derived d = derived("""
                    {"format":"openai.chat","response":{"usage":{"prompt_tokens":10,"completion_tokens":5,
                     "prompt_tokens_details":null,"completion_tokens_details":null}}}
                    """);
            assertThat(d.usage().inputTokens()).isEqualTo(10);
            assertThat(d.usage().cacheReadTokens()).isNull();
            assertThat(d.usage().cacheWriteTokens()).isNull();
        }

        @Test
        void toolCallsAreTypeChecked() {
            String template = """
                    {"format":"openai.chat","response":{"choices":[{"message":{"tool_calls":[%s]},"finish_reason":"tool_calls"}]}}
                    """;
            assertOnlyError(template.formatted("{\"id\":\"call_1\",\"type\":\"function\"}"),
                    "raw.response.choices[0].message.tool_calls[0].function", "is required");
            assertOnlyError(template.formatted("{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":{\"a\":1}}}"),
                    "raw.response.choices[0].message.tool_calls[0].function.arguments", "must be a string");
            assertOnlyError(template.formatted("{\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}"),
                    "raw.response.choices[0].message.tool_calls[0].id", "is required");
        }

        @Test
        void argumentsThatAreNotJsonStayStrings() {
            String template = """
                    {"format":"openai.chat","response":{"choices":[{"message":{"tool_calls":[
                     {"id":"call_1","type":"function","function":{"name":"f","arguments":%s}}]}}]}}
                    """;
            assertThat(derived(template.formatted("\"\"")).toolCalls().get(0).input().isTextual()).isTrue();
            assertThat(derived(template.formatted("\"{} trailing\"")).toolCalls().get(0).input().textValue())
                    .isEqualTo("{} trailing");
            assertThat(derived(template.formatted("\"[1,2]\"")).toolCalls().get(0).input().isArray()).isTrue();
        }

        @Test
        void customToolCallsKeepTheirTextInput() {
            ToolCall call = derived("""
                    {"format":"openai.chat","response":{"choices":[{"message":{"tool_calls":[
                     {"id":"call_9","type":"custom","custom":{"name":"run_sql","input":"SELECT 1"}}]}}]}}
                    """).toolCalls().get(0);
            assertThat(call.id()).isEqualTo("call_9");
            assertThat(call.name()).isEqualTo("run_sql");
            assertThat(call.input().textValue()).isEqualTo("SELECT 1");
        }

        @Test
        void reasoningContentIsThinkingAndRefusalIsTextWhenThereIsNoContent() {
            Derived d = derived("""
                    {"format":"openai.chat","response":{"choices":[{"message":{"role":"assistant","content":null,
                     "refusal":"I can't help with that.","reasoning_content":"This asks for malware."},"finish_reason":"stop"}]}}
                    """);
            assertThat(d.text()).isEqualTo("I can't help with that.");
            assertThat(d.thinking()).isEqualTo("This asks for malware.");
        }

        @Test
        void contentPartsAreJoined() {
            assertThat(derived("""
                    {"format":"openai.chat","response":{"choices":[{"message":{"content":[
                     {"type":"text","text":"a"},{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"b"}]}}]}}
                    """).text()).isEqualTo("a\n\nb");
        }

        @Test
        void anEmptyChoicesArrayDerivesNoAnswer() {
            Derived d = derived("{\"format\":\"openai.chat\",\"response\":{\"model\":\"gpt-4o\",\"choices\":[]}}");
            assertThat(d.text()).isNull();
            assertThat(d.stopReason()).isNull();
            assertThat(d.model()).isEqualTo("gpt-4o");
        }

        @Test
        void errorTypeFallsBackToTheCode() {
            assertThat(derived("""
                    {"format":"openai.chat","response":{"error":{"message":"Incorrect API key provided","type":null,
                     "param":null,"code":"invalid_api_key"}}}
                    """).error()).isEqualTo(new ErrorInfo("invalid_api_key", "Incorrect API key provided", null));
        }
    }

    @Nested
    class OpenAiResponses {
        @Test
        void inputMustBeAStringOrAnArray() {
            assertOnlyError("{\"format\":\"openai.responses\",\"request\":{\"input\":5}}",
                    "raw.request.input", "must be a string or an array");
            assertOnlyError("{\"format\":\"openai.responses\",\"request\":{\"input\":[\"hi\"]}}",
                    "raw.request.input[0]", "must be an object");
            assertOnlyError("{\"format\":\"openai.responses\",\"request\":{\"instructions\":[]}}",
                    "raw.request.instructions", "must be a string");
        }

        @Test
        void outputItemsAreTypeChecked() {
            assertOnlyError("{\"format\":\"openai.responses\",\"response\":{\"output\":{}}}",
                    "raw.response.output", "must be an array");
            assertOnlyError("""
                    {"format":"openai.responses","response":{"output":[{"type":"function_call","call_id":"call_1","arguments":"{}"}]}}
                    """, "raw.response.output[0].name", "is required");
            assertOnlyError("""
                    {"format":"openai.responses","response":{"output":[{"type":"reasoning","summary":[{"type":"summary_text","text":1}]}]}}
                    """, "raw.response.output[0].summary[0].text", "must be a string");
            assertOnlyError("""
                    {"format":"openai.responses","response":{"usage":{"input_tokens":5,"input_tokens_details":{"cached_tokens":6}}}}
                    """, "raw.response.usage.input_tokens_details.cached_tokens", "must be <= input_tokens");
        }

        @Test
        void stopReasonOrder() {
            String template = """
                    {"format":"openai.responses","response":{"status":"%s","incomplete_details":%s,"output":[%s]}}
                    """;
            String call = "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"{}\"}";
            assertThat(derived(template.formatted("completed", "null", call)).stopReason()).isEqualTo("tool_calls");
            assertThat(derived(template.formatted("completed", "null", "")).stopReason()).isEqualTo("stop");
            assertThat(derived(template.formatted("incomplete", "{\"reason\":\"content_filter\"}", "")).stopReason())
                    .isEqualTo("content_filter");
            assertThat(derived(template.formatted("incomplete", "null", "")).stopReason()).isEqualTo("incomplete");
            assertThat(derived(template.formatted("failed", "null", "")).stopReason()).isEqualTo("error");
            assertThat(derived(template.formatted("cancelled", "null", "")).stopReason()).isEqualTo("cancelled");
        }

        @Test
        void aFailedResponseWithoutAnErrorObjectIsStillAnError() {
            assertThat(derived("{\"format\":\"openai.responses\",\"response\":{\"status\":\"failed\",\"error\":null}}").error())
                    .isEqualTo(new ErrorInfo("failed", null, null));
        }

        @Test
        void customToolCallsAndRefusals() {
            Derived d = derived("""
                    {"format":"openai.responses","response":{"status":"completed","output":[
                     {"type":"message","role":"assistant","content":[{"type":"refusal","refusal":"No."}]},
                     {"type":"custom_tool_call","call_id":"call_7","name":"apply_patch","input":"*** Begin Patch"},
                     {"type":"web_search_call","id":"ws_1","status":"completed"}]}}
                    """);
            assertThat(d.text()).isEqualTo("No.");
            assertThat(d.toolCalls()).containsExactly(
                    new ToolCall("call_7", "apply_patch", JsonNodeFactory.instance.textNode("*** Begin Patch")));
            assertThat(d.stopReason()).isEqualTo("tool_calls");
        }

        @Test
        void severalSystemItemsJoinAfterTheInstructions() {
            Derived d = derived("""
                    {"format":"openai.responses","request":{"instructions":"A","input":[
                     {"role":"system","content":"B"},{"role":"user","content":"hi"},{"role":"developer","content":[{"type":"input_text","text":"C"}]}]}}
                    """);
            assertThat(d.systemPrompt()).isEqualTo("A\n\nB\n\nC");
            assertThat(d.messages()).hasSize(1);
        }
    }

    @Test
    void derivedListsAreImmutable() {
        Derived d = derived("""
                {"format":"anthropic.messages","response":{"content":[{"type":"tool_use","id":"toolu_1","name":"f","input":{}}]}}
                """);
        assertThatThrownBy(() -> d.toolCalls().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
