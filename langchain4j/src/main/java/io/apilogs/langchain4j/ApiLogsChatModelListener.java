package io.apilogs.langchain4j;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import io.apilogs.client.ApiLogsClient;
import io.apilogs.client.Conversation;
import io.apilogs.client.LlmCall;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Logs every chat call of a LangChain4j model as an {@code llm_call}: model, system prompt, messages, response, tool
 * calls, token usage, finish reason, duration, rate-limit headers and errors. Add it to any model's listeners:
 * <pre>{@code OpenAiChatModel.builder()...listeners(List.of(ApiLogsChatModelListener.of(client, "support-bot"))).build()}</pre>
 * A call lands in the conversation given by the caller's context, the first found of:
 * <ol>
 *   <li>the listener attribute {@link #CONVERSATION} of that call (a {@link Conversation} or a conversation id);</li>
 *   <li>the conversation open on the calling thread ({@link Conversation#open()});</li>
 *   <li>the listener's own conversation ids ({@link Builder#conversationIds}); by default each call is a
 *       conversation of its own.</li>
 * </ol>
 * It never blocks the model: logging only buffers the event in the client.
 */
public final class ApiLogsChatModelListener implements ChatModelListener {
    /** Listener attribute naming the conversation of one call: a {@link Conversation}, or a conversation id. */
    public static final String CONVERSATION = "apilogs.conversation";
    private static final String STARTED = ApiLogsChatModelListener.class.getName() + ".started";

    private final ApiLogsClient client;
    private final String assistantId;
    private final Supplier<String> conversationIds;

    private ApiLogsChatModelListener(Builder builder) {
        this.client = builder.client;
        this.assistantId = builder.assistantId;
        this.conversationIds = builder.conversationIds;
    }

    /** Logs calls through {@code client} as those of {@code assistantId}. */
    public static ApiLogsChatModelListener of(ApiLogsClient client, String assistantId) {
        return builder(client, assistantId).build();
    }

    public static Builder builder(ApiLogsClient client, String assistantId) {
        return new Builder(client, assistantId);
    }

    @Override
    public void onRequest(ChatModelRequestContext context) {
        // Called on the caller's thread: the thread's conversation is read here, not where the response arrives.
        context.attributes().put(STARTED, new Started(Instant.now(), System.nanoTime(), conversation(context.attributes())));
    }

    @Override
    public void onResponse(ChatModelResponseContext context) {
        Started started = started(context.attributes());
        LlmCall call = started.call(ChatCalls.model(context.chatRequest(), context.chatResponse()));
        ChatCalls.request(call, context.chatRequest());
        ChatCalls.response(call, context.chatResponse(), context.modelProvider());
        started.conversation.log(call);
    }

    @Override
    public void onError(ChatModelErrorContext context) {
        Started started = started(context.attributes());
        LlmCall call = started.call(ChatCalls.model(context.chatRequest(), null));
        ChatCalls.request(call, context.chatRequest());
        ChatCalls.error(call, context.error(), context.modelProvider());
        started.conversation.log(call);
    }

    private Conversation conversation(Map<Object, Object> attributes) {
        Object given = attributes.get(CONVERSATION);
        if (given instanceof Conversation conversation) {
            return conversation;
        }
        if (given instanceof String id) {
            return client.conversation(id, assistantId);
        }
        Conversation current = Conversation.current();
        return current != null ? current : client.conversation(conversationIds.get(), assistantId);
    }

    /** What onRequest saw; a call that failed before onRequest (or whose attributes were lost) starts now. */
    private Started started(Map<Object, Object> attributes) {
        Object started = attributes.get(STARTED);
        return started instanceof Started s ? s : new Started(Instant.now(), System.nanoTime(), conversation(attributes));
    }

    private record Started(Instant at, long nanos, Conversation conversation) {
        LlmCall call(String model) {
            return conversation.call(model).startedAt(at, Math.max(0, (System.nanoTime() - nanos) / 1_000_000));
        }
    }

    public static final class Builder {
        private final ApiLogsClient client;
        private final String assistantId;
        private Supplier<String> conversationIds = () -> "lc4j-" + UUID.randomUUID();

        private Builder(ApiLogsClient client, String assistantId) {
            this.client = Objects.requireNonNull(client, "client");
            this.assistantId = Objects.requireNonNull(assistantId, "assistantId");
        }

        /** The conversation id of a call made with no conversation in its context; by default a new one per call. */
        public Builder conversationIds(Supplier<String> ids) {
            this.conversationIds = Objects.requireNonNull(ids, "ids");
            return this;
        }

        public ApiLogsChatModelListener build() {
            return new ApiLogsChatModelListener(this);
        }
    }
}
