package io.apilogs.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.apilogs.client.ApiLogsClient;
import io.apilogs.client.Conversation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real LangChain4j chat models (OpenAI, OpenAI streaming, Anthropic) against a local server answering recorded
 * provider responses; what the listener logs is read from a stub of the ingest endpoint. The real stack is in
 * e2e-tests' LangChain4jIT.
 */
class ApiLogsChatModelListenerTest {
    private final RecordedProvider provider = new RecordedProvider();
    private final IngestStub ingest = new IngestStub();
    private final ApiLogsClient client = ApiLogsClient.builder(ingest.baseUrl(), "al_ingest_test")
            .shutdownHook(false).flushInterval(Duration.ofMillis(20)).build();
    private final ApiLogsChatModelListener listener = ApiLogsChatModelListener.of(client, "travel-bot");

    @AfterEach
    void stop() {
        client.close();
        provider.close();
        ingest.close();
    }

    private ChatModel openAi() {
        return OpenAiChatModel.builder().baseUrl(provider.baseUrl()).apiKey("sk-test").modelName("o3")
                .maxRetries(0).listeners(List.of(listener)).build();
    }

    private JsonNode onlyEvent() {
        assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(ingest.events()).hasSize(1);
        return ingest.events().get(0);
    }

    @Test
    void anOpenAiCallGoesWithTheProvidersOwnResponseAndItsRateLimitHeadersOnly() throws Exception {
        provider.answer("openai-chat");
        Conversation conversation = client.conversation("trip-1", "travel-bot");
        try (AutoCloseable open = conversation.open()) {
            openAi().chat(SystemMessage.from("Answer as a senior SRE. Cite the runbook section."),
                    UserMessage.from("Our p99 latency doubled after the deploy. Where do I start?"));
        }

        JsonNode event = onlyEvent();
        assertThat(event.path("type").asText()).isEqualTo("llm_call");
        assertThat(event.path("eventId").asText()).isNotEmpty();
        assertThat(event.path("conversation").path("id").asText()).isEqualTo("trip-1");
        assertThat(event.path("assistant").path("id").asText()).isEqualTo("travel-bot");
        assertThat(event.path("provider").asText()).isEqualTo("openai");
        assertThat(event.path("model").asText()).isEqualTo("o3-2025-04-16");
        assertThat(event.path("systemPrompt").asText()).isEqualTo("Answer as a senior SRE. Cite the runbook section.");
        assertThat(event.path("messages")).hasSize(1);
        assertThat(event.path("messages").get(0).path("role").asText()).isEqualTo("user");
        assertThat(event.path("messages").get(0).path("content").asText()).isEqualTo("Our p99 latency doubled after the deploy. Where do I start?");
        assertThat(event.path("durationMs").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(event.path("startedAt").asText()).isNotEmpty();

        JsonNode raw = event.path("raw");
        assertThat(raw.path("format").asText()).isEqualTo("openai.chat");
        assertThat(raw.has("request")).isFalse();
        assertThat(raw.path("response")).isEqualTo(RecordedProvider.recorded("openai-chat").path("body"));
        assertThat(raw.path("responseHeaders").path("x-ratelimit-remaining-tokens").asText()).isEqualTo("29997994");
        assertThat(raw.path("responseHeaders").path("x-ratelimit-reset-tokens").asText()).isEqualTo("4ms");
        assertThat(raw.path("responseHeaders").toString()).doesNotContainIgnoringCase("cookie");
        // The server derives usage, text and stop reason from raw; nothing explicit overrides them.
        assertThat(event.has("usage")).isFalse();
        assertThat(event.has("response")).isFalse();
    }

    @Test
    void theConversationsUserTagsAndMetadataGoWithEachCallAndACallsOwnAttributesAddToThem() throws Exception {
        provider.answer("openai-chat");
        Conversation conversation = client.conversation("trip-3", "travel-bot")
                .user("cust-42", "Ada Lovelace").tags("refund", "vip").metadata("plan", "pro").metadata("seats", 12);
        ChatRequestOptions options = ChatRequestOptions.builder().listenerAttributes(Map.of(
                ApiLogsChatModelListener.CONVERSATION, conversation,
                ApiLogsChatModelListener.TAGS, List.of("escalated"),
                ApiLogsChatModelListener.METADATA, Map.of("plan", "enterprise", "trial", false))).build();
        openAi().chat(ChatRequest.builder().messages(UserMessage.from("Where is my refund?")).build(), options);

        JsonNode event = onlyEvent();
        assertThat(event.path("user").path("id").asText()).isEqualTo("cust-42");
        assertThat(event.path("user").path("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(event.path("tags").toString()).isEqualTo("[\"refund\",\"vip\",\"escalated\"]");
        assertThat(event.path("metadata").path("plan").asText()).as("the call's own key wins").isEqualTo("enterprise");
        assertThat(event.path("metadata").path("seats").asInt()).isEqualTo(12);
        assertThat(event.path("metadata").path("trial").isBoolean()).isTrue();
    }

    @Test
    void anAnthropicToolLoopKeepsToolCallsAndResultsInTheMessages() {
        provider.answer("anthropic-tool-use").answer("anthropic-tool-use");
        ChatModel claude = AnthropicChatModel.builder().baseUrl(provider.baseUrl() + "/").apiKey("sk-ant-test")
                .modelName("claude-sonnet-4-5").maxRetries(0).listeners(List.of(listener)).build();
        ChatRequestOptions inTrip = ChatRequestOptions.builder().listenerAttributes(Map.of(ApiLogsChatModelListener.CONVERSATION, "trip-2")).build();

        ChatResponse first = claude.chat(ChatRequest.builder().messages(
                SystemMessage.from("You are a travel assistant. Use tools for live data."),
                UserMessage.from("Should I pack an umbrella for Paris tomorrow?")).build(), inTrip);
        ToolExecutionRequest asked = first.aiMessage().toolExecutionRequests().get(0);
        claude.chat(ChatRequest.builder().messages(
                SystemMessage.from("You are a travel assistant. Use tools for live data."),
                UserMessage.from("Should I pack an umbrella for Paris tomorrow?"),
                first.aiMessage(),
                ToolExecutionResultMessage.from(asked, "{\"rain\":\"80%\"}")).build(), inTrip);

        assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(ingest.events()).hasSize(2);
        JsonNode call = ingest.events().get(0);
        assertThat(call.path("conversation").path("id").asText()).isEqualTo("trip-2");
        assertThat(call.path("provider").asText()).isEqualTo("anthropic");
        assertThat(call.path("model").asText()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(call.path("raw").path("format").asText()).isEqualTo("anthropic.messages");
        assertThat(call.path("raw").path("responseHeaders").path("anthropic-ratelimit-input-tokens-remaining").asText()).isEqualTo("1985000");
        assertThat(call.path("raw").path("responseHeaders").has("request-id")).isFalse();

        JsonNode messages = ingest.events().get(1).path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        JsonNode toolCall = messages.get(1).path("content").get(1);
        assertThat(toolCall.path("type").asText()).isEqualTo("tool_call");
        assertThat(toolCall.path("id").asText()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(toolCall.path("arguments").path("city").asText()).isEqualTo("Paris");
        JsonNode result = messages.get(2);
        assertThat(result.path("role").asText()).isEqualTo("tool");
        assertThat(result.path("content").get(0).path("toolCallId").asText()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(result.path("content").get(0).path("text").asText()).isEqualTo("{\"rain\":\"80%\"}");
    }

    @Test
    void aStreamedCallIsLoggedFromLangChain4jsOwnTypesWithTheRateLimitHeaders() throws Exception {
        provider.answer("openai-stream");
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(provider.baseUrl()).apiKey("sk-test")
                .modelName("gpt-4o").listeners(List.of(listener)).build();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat(List.of(UserMessage.from("Capital of France?")), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        done.get(10, TimeUnit.SECONDS);

        JsonNode event = onlyEvent();
        assertThat(event.path("conversation").path("id").asText()).startsWith("lc4j-");
        assertThat(event.has("raw")).isFalse();
        assertThat(event.path("model").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(event.path("response").path("text").asText()).isEqualTo("Paris is the capital of France.");
        assertThat(event.path("stopReason").asText()).isEqualTo("stop");
        assertThat(event.path("usage").path("inputTokens").asLong()).isEqualTo(1200);
        assertThat(event.path("usage").path("outputTokens").asLong()).isEqualTo(8);
        assertThat(event.path("usage").path("cacheReadTokens").asLong()).isEqualTo(1024);
        assertThat(event.path("rateLimit").path("x-ratelimit-remaining-tokens").asText()).isEqualTo("29998790");
    }

    @Test
    void aFailedCallIsLoggedWithItsErrorAndHttpStatus() {
        provider.answer("openai-rate-limited");
        assertThatThrownBy(() -> openAi().chat(UserMessage.from("Hello"))).isNotNull();

        JsonNode event = onlyEvent();
        assertThat(event.path("model").asText()).isEqualTo("o3");
        assertThat(event.path("provider").asText()).isEqualTo("openai");
        assertThat(event.path("error").path("type").asText()).isEqualTo("RateLimitException");
        assertThat(event.path("error").path("httpStatus").asInt()).isEqualTo(429);
        assertThat(event.path("error").path("message").asText()).contains("Rate limit reached");
        assertThat(event.path("messages").get(0).path("content").asText()).isEqualTo("Hello");
    }

    @Test
    void withoutAConversationEachCallIsItsOwnUnlessTheListenerIsGivenIds() {
        provider.answer("openai-chat").answer("openai-chat").answer("openai-chat");
        openAi().chat(UserMessage.from("one"));
        openAi().chat(UserMessage.from("two"));
        ApiLogsChatModelListener daily = ApiLogsChatModelListener.builder(client, "travel-bot").conversationIds(() -> "day-2026-12-02").build();
        OpenAiChatModel.builder().baseUrl(provider.baseUrl()).apiKey("sk-test").modelName("o3").maxRetries(0)
                .listeners(List.of(daily)).build().chat(UserMessage.from("three"));

        assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
        List<String> conversations = ingest.events().stream().map(e -> e.path("conversation").path("id").asText()).toList();
        assertThat(conversations).hasSize(3);
        assertThat(conversations.get(0)).startsWith("lc4j-").isNotEqualTo(conversations.get(1));
        assertThat(conversations.get(2)).isEqualTo("day-2026-12-02");
    }

    @Test
    void partsOtherThanTextAreKeptAsTypedParts() {
        provider.answer("openai-chat");
        openAi().chat(UserMessage.from(TextContent.from("What is on this picture?"), ImageContent.from("https://example.org/cat.png")));

        JsonNode content = onlyEvent().path("messages").get(0).path("content");
        assertThat(content.get(0).path("type").asText()).isEqualTo("text");
        assertThat(content.get(1).path("type").asText()).isEqualTo("image");
        assertThat(content.get(1).path("url").asText()).isEqualTo("https://example.org/cat.png");
    }

    @Test
    void anAssistantTurnWithoutToolsIsPlainText() {
        provider.answer("openai-chat");
        openAi().chat(UserMessage.from("hi"), AiMessage.from("Hello! How can I help?"), UserMessage.from("latency"));

        JsonNode messages = onlyEvent().path("messages");
        assertThat(messages.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("Hello! How can I help?");
    }

    @Test
    void aCallReportedAsAnsweredAndThenFailedIsLoggedOnce() {
        // LangChain4j calls onError after onResponse when the application's streaming handler throws.
        Map<Object, Object> attributes = new java.util.concurrent.ConcurrentHashMap<>();
        ChatRequest request = ChatRequest.builder().messages(UserMessage.from("hi")).build();
        listener.onRequest(new dev.langchain4j.model.chat.listener.ChatModelRequestContext(request, dev.langchain4j.model.ModelProvider.OPEN_AI, attributes));
        ChatResponse response = ChatResponse.builder().aiMessage(AiMessage.from("hello")).modelName("gpt-4o").build();
        listener.onResponse(new dev.langchain4j.model.chat.listener.ChatModelResponseContext(response, request, dev.langchain4j.model.ModelProvider.OPEN_AI, attributes));
        listener.onError(new dev.langchain4j.model.chat.listener.ChatModelErrorContext(new IllegalStateException("handler failed"), request,
                dev.langchain4j.model.ModelProvider.OPEN_AI, attributes));

        JsonNode event = onlyEvent();
        assertThat(event.path("response").path("text").asText()).isEqualTo("hello");
        assertThat(event.has("error")).isFalse();
    }

    @Test
    void aFailureToLogNeverFailsTheModelCall() {
        // An Error (as an older langchain4j-core would raise: NoSuchMethodError) is not caught by LangChain4j itself.
        ApiLogsChatModelListener broken = ApiLogsChatModelListener.builder(client, "travel-bot").conversationIds(() -> {
            throw new NoSuchMethodError("simulated: a method this module needs is missing");
        }).build();
        provider.answer("openai-chat");
        ChatResponse response = OpenAiChatModel.builder().baseUrl(provider.baseUrl()).apiKey("sk-test").modelName("o3")
                .maxRetries(0).listeners(List.of(broken)).build().chat(UserMessage.from("still answered"));
        assertThat(response.aiMessage().text()).startsWith("Start by comparing");
        assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(ingest.events()).isEmpty();
    }

    /** A provider's usage type that counts cache reads and writes apart from its input, named as Bedrock names them. */
    public static final class SeparateCacheUsage extends dev.langchain4j.model.output.TokenUsage {
        public SeparateCacheUsage() {
            super(42, 512);
        }

        public Integer cacheReadInputTokens() {
            return 12_000;
        }

        public Integer cacheWriteInputTokens() {
            return 3_000;
        }
    }

    @Test
    void cacheReadsAndWritesCountedApartAreAddedToTheInput() {
        io.apilogs.client.LlmCall bedrockLike = io.apilogs.client.LlmCall.of("c", "a", "m");
        ChatCalls.usage(bedrockLike, new SeparateCacheUsage());
        assertThat(bedrockLike.event().path("usage").path("inputTokens").asLong()).isEqualTo(15_042);
        assertThat(bedrockLike.event().path("usage").path("cacheReadTokens").asLong()).isEqualTo(12_000);
        assertThat(bedrockLike.event().path("usage").path("cacheWriteTokens").asLong()).isEqualTo(3_000);

        io.apilogs.client.LlmCall anthropic = io.apilogs.client.LlmCall.of("c", "a", "m");
        ChatCalls.usage(anthropic, dev.langchain4j.model.anthropic.AnthropicTokenUsage.builder().inputTokenCount(42).outputTokenCount(512)
                .cacheReadInputTokens(12_000).cacheCreationInputTokens(3_000).build());
        assertThat(anthropic.event().path("usage").path("inputTokens").asLong()).isEqualTo(15_042);
        assertThat(anthropic.event().path("usage").path("cacheWriteTokens").asLong()).isEqualTo(3_000);
        assertThat(anthropic.event().path("usage").path("outputTokens").asLong()).isEqualTo(512);
    }
}
