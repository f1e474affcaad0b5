package io.apilogs.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.apilogs.client.LlmCall;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Fills an {@link LlmCall} from LangChain4j's request, response and error. */
final class ChatCalls {
    static final ObjectMapper JSON = new ObjectMapper();

    private ChatCalls() {
    }

    /** The model that answered, else the one asked for, else "unknown" (an llm_call must name one). */
    static String model(ChatRequest request, ChatResponse response) {
        if (response != null && response.modelName() != null) {
            return response.modelName();
        }
        String asked = request == null ? null : request.modelName();
        return asked != null ? asked : "unknown";
    }

    /** System messages become the system prompt (joined with a blank line, as API.md joins them); the rest the messages. */
    static void request(LlmCall call, ChatRequest request) {
        if (request == null) {
            return;
        }
        List<String> system = new ArrayList<>();
        for (ChatMessage message : request.messages()) {
            if (message instanceof SystemMessage s) {
                system.add(s.text());
            } else {
                Messages.add(call, message);
            }
        }
        if (!system.isEmpty()) {
            call.systemPrompt(String.join("\n\n", system));
        }
    }

    /**
     * With the provider's own response body at hand (OpenAI and Anthropic models, not streamed), it goes as {@code raw},
     * so the server derives usage, text, tool calls and stop reason exactly as the provider reported them. Otherwise
     * they come from LangChain4j's types.
     */
    static void response(LlmCall call, ChatResponse response, ModelProvider provider) {
        call.provider(provider(provider));
        RawHttp raw = RawHttp.of(response.metadata());
        if (raw != null && raw.format() != null) {
            // Only the rate-limit headers go: the others (cookies among them) are nothing API Logs shows.
            call.raw(raw.format(), null, raw.body(), raw.rateLimit());
            return;
        }
        if (raw != null && !raw.rateLimit().isEmpty()) {
            call.rateLimit(raw.rateLimit());
        }
        AiMessage message = response.aiMessage();
        if (message != null) {
            if (message.text() != null) {
                call.response(message.text());
            }
            if (message.thinking() != null) {
                call.thinking(message.thinking());
            }
            for (ToolExecutionRequest tool : message.toolExecutionRequests()) {
                call.toolCall(tool.id(), tool.name(), arguments(tool.arguments()));
            }
        }
        if (response.finishReason() != null) {
            call.stopReason(response.finishReason().name().toLowerCase(Locale.ROOT));
        }
        usage(call, response.tokenUsage());
    }

    static void error(LlmCall call, Throwable error, ModelProvider provider) {
        call.provider(provider(provider));
        Integer status = null;
        for (Throwable t = error; t != null && status == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpException http) {
                status = http.statusCode();
            }
        }
        String message = error.getMessage() != null ? error.getMessage() : error.toString();
        call.error(error.getClass().getSimpleName(), message, status);
    }

    /**
     * Usage in API.md's meaning: input tokens are the total input. Anthropic (and Bedrock) count cache reads and writes
     * apart from their input tokens, so they are added; OpenAI's prompt tokens already include its cached tokens.
     */
    static void usage(LlmCall call, TokenUsage usage) {
        if (usage == null) {
            return;
        }
        Integer cacheRead = Accessors.integer(usage, "cacheReadInputTokens");
        // Anthropic names its cache writes cacheCreationInputTokens, Bedrock cacheWriteInputTokens.
        Integer cacheWrite = Accessors.integer(usage, "cacheCreationInputTokens");
        if (cacheWrite == null) {
            cacheWrite = Accessors.integer(usage, "cacheWriteInputTokens");
        }
        boolean separateCache = cacheRead != null || cacheWrite != null;
        if (!separateCache) {
            cacheRead = Accessors.integer(usage, "inputTokensDetails", "cachedTokens");
        }
        Integer input = usage.inputTokenCount();
        if (input != null) {
            call.inputTokens(separateCache ? input + orZero(cacheRead) + orZero(cacheWrite) : input);
        }
        if (usage.outputTokenCount() != null) {
            call.outputTokens(usage.outputTokenCount());
        }
        if (cacheRead != null) {
            call.cacheReadTokens(cacheRead);
        }
        if (cacheWrite != null) {
            call.cacheWriteTokens(cacheWrite);
        }
        Integer reasoning = Accessors.integer(usage, "outputTokensDetails", "reasoningTokens");
        if (reasoning != null) {
            call.reasoningTokens(reasoning);
        }
    }

    /** Tool arguments as JSON, or the string itself when they are not JSON (API.md keeps them as a string). */
    static JsonNode arguments(String arguments) {
        if (arguments == null) {
            return null;
        }
        try {
            return JSON.readTree(arguments);
        } catch (Exception notJson) {
            return TextNode.valueOf(arguments);
        }
    }

    /** The provider names of the OpenTelemetry GenAI conventions ({@code gen_ai.provider.name}). */
    static String provider(ModelProvider provider) {
        if (provider == null) {
            return null;
        }
        return switch (provider) {
            case OPEN_AI -> "openai";
            case ANTHROPIC -> "anthropic";
            case AZURE_OPEN_AI -> "azure.ai.openai";
            case AMAZON_BEDROCK -> "aws.bedrock";
            case GOOGLE_AI_GEMINI, GOOGLE_GENAI -> "gcp.gemini";
            case GOOGLE_VERTEX_AI_GEMINI, GOOGLE_VERTEX_AI_ANTHROPIC -> "gcp.vertex_ai";
            case MISTRAL_AI -> "mistral_ai";
            case WATSONX -> "ibm.watsonx.ai";
            default -> provider.name().toLowerCase(Locale.ROOT);
        };
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
